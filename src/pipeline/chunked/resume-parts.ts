import type { Destination } from '../../destination/destination.js'
import type { Logger } from '../../log/index.js'
import { ContentHasher } from '../../manifest/hashing.js'
import type { ChunkTaskRow, StateStore } from '../../state/state-store.js'
import type { CommittedPart } from '../sink/export-sink.js'

/**
 * On `--resume`, the parts that earlier invocations committed for tasks already
 * completed, so the one manifest of the run lists every chunk (J01). Sizes and content
 * fingerprints are re-read from the destination; row counts come from file_log. A file
 * that is gone is left out with a WARN. Files of a task that was still `running` at the
 * crash are not listed: that task is exported again.
 */
export async function priorChunkParts(o: { state: StateStore; destination: Destination; exportName: string; tasks: readonly ChunkTaskRow[]; log: Logger }): Promise<CommittedPart[]> {
  const done = o.tasks.filter((t) => t.status === 'completed' && t.fileName !== null).sort((a, b) => a.chunkIndex - b.chunkIndex)
  if (done.length === 0 || o.destination.getBytes === undefined) return []
  const logged = new Map((await o.state.files.recent({ exportName: o.exportName, limit: 1_000_000 })).map((r) => [r.fileName, r.rowCount]))
  const parts: CommittedPart[] = []
  for (const task of done) {
    const names = (task.fileName ?? '').split(',')
    for (const name of names) {
      const bytes = await o.destination.getBytes(name)
      if (bytes === undefined) {
        o.log.warn(`export '${o.exportName}': chunk ${task.chunkIndex} file '${name}' from an earlier invocation is missing at the destination; it is not listed in the manifest`)
        continue
      }
      const hasher = await ContentHasher.create()
      hasher.update(bytes)
      const { fingerprint, md5Base64 } = hasher.digest()
      const rows = logged.get(name) ?? (names.length === 1 ? (task.rowsWritten ?? 0) : 0)
      parts.push({ fileName: name, outcome: { uri: `${o.destination.baseUri}/${name}`, key: name, sizeBytes: bytes.byteLength }, rows, bytes: bytes.byteLength, fingerprint, md5Base64 })
    }
  }
  return parts
}
