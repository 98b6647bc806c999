export type { BatchStream, ExportRequest, Source, TypeMapping } from './source.js'
