const UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }

/**
 * `max_file_size` (C21): a number with an optional binary unit, e.g. `512MB`, `1.5GB`, `10KB`,
 * `100B` or a bare byte count. Returns whole bytes, or `undefined` when the text is not a size
 * or rounds to less than one byte.
 */
export function parseFileSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 1 ? text : undefined
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([KMG]?B)?\s*$/i.exec(text)
  if (m === null) return undefined
  const unit = UNITS[(m[2] ?? '').toUpperCase()]
  if (unit === undefined) return undefined
  const bytes = Math.floor(Number(m[1]) * unit)
  return Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined
}

/** JSON Schema pattern equivalent of {@link parseFileSize} for strings (zero is not caught). */
export const FILE_SIZE_PATTERN = '^\\s*([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*([kKmMgG]?[bB])?\\s*$'
