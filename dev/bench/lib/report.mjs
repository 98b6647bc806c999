// Turns the measurements into table rows and the markdown section. Wall times are medians with
// min–max over the pairs; peak RSS is the median over the same runs.
import { RSS_LIMIT_MB, RSS_RUNNERS } from './comparisons.mjs'

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

const spread = (xs, digits, unit) => `${median(xs).toFixed(digits)}${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`
const secs = (samples) => spread(samples.map((s) => s.wall), 2, ' s')
const mb = (samples) => `${median(samples.map((s) => s.rssMb)).toFixed(0)} MB`
const verdict = (ok) => (ok ? 'met' : '**not met**')

function failedRow(c, label, why) {
  return { label, rivet: '—', baseline: '—', value: 'failed', target: '—', result: `not measured: ${why}`, rss: '—' }
}

function timeRow(c, samples, failures) {
  const a = samples[c.a] ?? []
  const b = samples[c.b] ?? []
  if (a.length === 0 || b.length === 0) return failedRow(c, c.label, failures[c.a] ?? failures[c.b] ?? 'no samples')
  const ma = median(a.map((s) => s.wall))
  const mb_ = median(b.map((s) => s.wall))
  const row = { label: c.label, rivet: secs(a), baseline: secs(b), rss: `${mb(a)} / ${mb(b)}` }
  if (c.kind === 'speedup') {
    const speedup = mb_ / ma
    return { ...row, value: `${speedup.toFixed(2)}× faster`, target: `≥ ${c.min}× faster`, result: verdict(speedup >= c.min) }
  }
  const ratio = ma / mb_
  if (c.max === null) return { ...row, value: `${ratio.toFixed(2)}×`, target: `— (${c.note})`, result: 'informational' }
  return { ...row, value: `${ratio.toFixed(2)}×`, target: `≤ ${c.max}×`, result: verdict(ratio <= c.max) }
}

function longestRows(c, longest, failures) {
  return c.engines.map((engine) => {
    const label = `${c.label} (${engine === 'postgres' ? 'PostgreSQL' : 'MariaDB'})`
    const runs = longest[engine] ?? []
    if (runs.length === 0) return failedRow(c, label, failures[`longest-${engine}`] ?? 'no samples')
    const worst = Math.max(...runs.map((r) => r.longestMs))
    return {
      label,
      rivet: `wall ${secs(runs)}`,
      baseline: '—',
      value: `${worst.toFixed(0)} ms (median ${median(runs.map((r) => r.longestMs)).toFixed(0)})`,
      target: `≤ ${c.maxMs} ms`,
      result: verdict(worst <= c.maxMs),
      rss: `${mb(runs)} / —`,
    }
  })
}

function rssRows(c, samples, failures) {
  return c.formats.map((format) => {
    const label = `${c.label}, ${format === 'csv' ? 'CSV' : 'Parquet'}`
    const { m1, m5 } = RSS_RUNNERS[format]
    const a = samples[m1] ?? []
    const b = samples[m5] ?? []
    if (a.length === 0 || b.length === 0) return failedRow(c, label, failures[m1] ?? failures[m5] ?? 'no samples')
    const r1 = median(a.map((s) => s.rssMb))
    const r5 = median(b.map((s) => s.rssMb))
    const growth = ((r5 - r1) / r1) * 100
    const limit = RSS_LIMIT_MB[format]
    return {
      label,
      rivet: `orders: ${spread(a.map((s) => s.rssMb), 0, ' MB')}`,
      baseline: `orders_5m: ${spread(b.map((s) => s.rssMb), 0, ' MB')}`,
      value: `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%`,
      target: `≤ ${limit} MB and ≤ +10%`,
      result: verdict(Math.max(r1, r5) <= limit && growth <= 10),
      rss: `orders_5m wall ${secs(b)}`,
    }
  })
}

export function buildRows(comparisons, { samples, longest, failures }) {
  return comparisons.flatMap((c) => {
    if (c.kind === 'longest') return longestRows(c, longest, failures)
    if (c.kind === 'rss') return rssRows(c, samples, failures)
    return [timeRow(c, samples, failures)]
  })
}

export function markdown({ machine, opts, rows, notes }) {
  const lines = [
    '## Harness results',
    '',
    `Command: \`dev/bench/run --scale ${opts.scale} --pairs ${opts.pairs}${opts.variant === 'legacy' ? ' --variant legacy' : ''}\`.`,
    '',
    `Machine: ${machine.cpus} CPUs (nproc), ${machine.ramGiB} GiB RAM, ${machine.os}; Node ${machine.node}, ${machine.psql}, ${machine.mariadb}, ` +
      `servers ${machine.pgServer} / ${machine.mysqlServer}, DuckDB ${machine.duckdb}; rivet ${machine.commit} (dist/ built ${machine.distBuilt}); ${machine.date}; ` +
      `load average ${machine.loadStart} at start, ${machine.loadEnd} at end.`,
    '',
    '| comparison | rivet (median, min–max) | baseline (median, min–max) | ratio / value | target | result | peak RSS rivet / baseline |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.label, r.rivet, r.baseline, r.value, r.target, r.result, r.rss].join(' | ')} |`),
    '',
    ...notes.map((n) => `- ${n}`),
  ]
  return lines.join('\n')
}

export const BEGIN = '<!-- bench:begin -->'
export const END = '<!-- bench:end -->'

/** Replaces the text between the markers (appending the marked region when absent). */
export function replaceRegion(doc, section) {
  const block = `${BEGIN}\n${section}\n${END}`
  const start = doc.indexOf(BEGIN)
  const end = doc.indexOf(END)
  if (start === -1 || end === -1 || end < start) return `${doc.replace(/\n*$/, '\n\n')}${block}\n`
  return doc.slice(0, start) + block + doc.slice(end + END.length)
}
