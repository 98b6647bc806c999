import { randomBytes } from 'node:crypto'

/** A table/object name unique to this test run: `<base>_<8 hex>`. */
export function uniqueName(base: string): string {
  return `${base}_${randomBytes(4).toString('hex')}`
}
