import { createHash, randomBytes } from 'node:crypto'
import { open } from 'node:fs/promises'

const BLOCK = 1024 * 1024

/**
 * Fills `path` with `mib` MiB quickly: one random 1 MiB block, each copy stamped with its
 * index so a reordered or dropped part changes the digest. Returns the base64 MD5.
 */
export async function writeBigFile(path: string, mib: number): Promise<string> {
  const block = randomBytes(BLOCK)
  const hash = createHash('md5')
  const fh = await open(path, 'w')
  try {
    for (let i = 0; i < mib; i++) {
      block.writeUInt32BE(i, 0)
      hash.update(block)
      await fh.write(block)
    }
  } finally {
    await fh.close()
  }
  return hash.digest('base64')
}

export function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64')
}
