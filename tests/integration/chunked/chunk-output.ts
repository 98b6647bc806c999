import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** G04 chunk file name: `<export>_<ts>_chunk<i>_<16 hex>[_p<k>].csv`. */
export const CHUNK_FILE = /^(?<export>.+)_(?<ts>\d{8}_\d{6})_chunk(?<index>\d+)_(?<nonce>[0-9a-f]{16})(?:_p(?<part>\d+))?\.csv$/

export interface ChunkFile {
  readonly name: string
  readonly index: number
  readonly header: string
  /** Data lines, in file order. */
  readonly lines: readonly string[]
}

/** Every chunk CSV under `<dir>/out`, ordered by chunk index then name. */
export async function chunkFiles(dir: string): Promise<ChunkFile[]> {
  const names = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.csv'))
  const out: ChunkFile[] = []
  for (const name of names) {
    const m = CHUNK_FILE.exec(name)
    if (m?.groups?.index === undefined) throw new Error(`not a chunk file name: ${name}`)
    const [header = '', ...lines] = (await readFile(join(dir, 'out', name), 'utf8')).trimEnd().split('\n')
    out.push({ name, index: Number(m.groups.index), header, lines })
  }
  return out.sort((a, b) => a.index - b.index || a.name.localeCompare(b.name))
}

/** First CSV column of every line as a number. */
export function ids(lines: readonly string[]): number[] {
  return lines.map((l) => Number(l.split(',')[0]))
}
