// A small `--flag value` / `--flag=value` parser for the bench scripts (no dependency).

/** `spec` maps flag name → 'string' | 'boolean'. Unknown flags and missing values throw. */
export function parseArgs(argv, spec) {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`)
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    const kind = spec[name]
    if (kind === undefined) throw new Error(`unknown option --${name} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`)
    if (kind === 'boolean') {
      if (eq !== -1) throw new Error(`--${name} takes no value`)
      out[name] = true
      continue
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined || value === '') throw new Error(`--${name} needs a value`)
    out[name] = value
  }
  return out
}

export function positiveNumber(name, raw, fallback) {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got '${raw}'`)
  return n
}

export function list(raw) {
  return raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
}
