export { MetaColumns, COL_EXPORTED_AT, COL_ROW_HASH } from './meta-columns.js'
export { RowHasher } from './row-hasher.js'
export { ByteBuffer } from './byte-buffer.js'
export { cellRender, nullTest, type CellRender } from './cell-display.js'
