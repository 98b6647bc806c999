// dev/bench/run: seeds the fixtures, measures every selected comparison in alternating rounds,
// prints the markdown section and (with --out FILE) writes it between the bench markers.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { list, parseArgs, positiveNumber } from './args.mjs'
import { enginesFor, roundRunners, RSS_RUNNERS, selectComparisons } from './comparisons.mjs'
import { longestStatement } from './longest.mjs'
import { describeMachine, load } from './machine.mjs'
import { timed } from './measure.mjs'
import { buildRows, markdown, replaceRegion } from './report.mjs'
import { REPO, RUNNERS } from './runners.mjs'
import { seedAll } from './seed-all.mjs'
import { benchUrls } from './targets.mjs'

const USAGE = `usage: dev/bench/run [--scale 1] [--pairs 5] [--warmup 1] [--only name,...] [--variant legacy] [--rss-runs 1]
                     [--out docs/bench/README.md | -] [--note "text"] [--force-seed]`

const log = (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

/** One run of `key`; recorded in `samples` unless `warmup` (the run only warms caches). */
async function measureOnce(key, tmpRoot, urls, samples, failures, warmup = false) {
  const runner = RUNNERS[key]
  const dir = mkdtempSync(join(tmpRoot, `${key}-`))
  try {
    const result = await timed(runner.spec(dir, urls))
    const bytes = runner.check(dir)
    if (!(bytes > 0)) throw new Error(`${key} wrote no output`)
    if (!warmup) (samples[key] ??= []).push(result)
    log(`${runner.label}${warmup ? ' (warm-up, not counted)' : ''}: ${result.wall.toFixed(2)} s, ${result.rssMb.toFixed(0)} MB, ${(bytes / 2 ** 20).toFixed(1)} MiB out`)
  } catch (err) {
    failures[key] = err.message.split('\n')[0]
    log(`${runner.label} FAILED (not run again): ${err.message}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function notes(opts, comparisons) {
  const names = new Set(comparisons.map((c) => c.name))
  const out = [
    `Each round runs every measured command once, in the order rivet, baseline, … (A B A B …); ${opts.pairs} round(s), after ${opts.warmup} unmeasured warm-up round(s) (page cache, compiled files). ` +
      'Wall time is measured around the process (Node start-up included for rivet, the naive script and DuckDB); peak RSS is `/usr/bin/time -v` "Maximum resident set size".',
    'rivet runs as `node bin/rivet.js run -c <config>` with `source.tuning: { profile: fast }` for the throughput rows. ' +
      'The default profile, `balanced`, deliberately sleeps 50 ms (`throttle_ms`) between 10,000-row batches to spare the source; the "at defaults" row shows that cost.',
  ]
  if (names.has('pg-parquet') || names.has('pg-parquet-legacy'))
    out.push('Parquet baseline: `psql \\copy … csv header` then DuckDB `read_csv` with the typed column list → `COPY … (FORMAT parquet, COMPRESSION zstd)`, run one after the other in one timed shell; its RSS is the larger of the two processes.')
  if (names.has('rss'))
    out.push(`RSS rows: the \`orders\` figures come from the fast-profile CSV/Parquet runs of the rounds, the \`orders_5m\` ones from ${opts.rssRuns} run(s) per format on that table (same generator, scale × 5M rows, PostgreSQL). Growth compares the medians.`)
  if (names.has('longest')) out.push(`Longest statement: ${opts.pairs} rivet run(s) per engine at defaults (no tuning block, Parquet), alternating engines; the server is sampled every 20 ms, so a value can be up to one period short and 0 ms means no statement was ever caught active. The value is the maximum over the runs (median in brackets).`)
  if (names.has('parallel')) out.push('Parallel rows: `mode: chunked`, `chunk_column: id`, default `chunk_size` 100000, Parquet, fast profile.')
  if ([...names].some((n) => n.endsWith('-legacy')))
    out.push('Legacy rows run rivet with `RIVET_PG_FAST=0` / `RIVET_MYSQL_FAST=0` (the driver-row readers instead of the binary-wire / byte-level ones), `RIVET_PG_WASM=0` (PostgreSQL DataRows decoded per field in JS instead of in bulk by the wasm module) or `RIVET_CSV_WASM=0` (CSV rows rendered in JS instead of the wasm renderer); other rows run with all of these variables unset.')
  if (opts.note !== undefined) out.push(opts.note)
  return out
}

export async function main(argv) {
  const raw = parseArgs(argv, { scale: 'string', pairs: 'string', only: 'string', variant: 'string', out: 'string', note: 'string', 'rss-runs': 'string', warmup: 'string', 'force-seed': 'boolean', help: 'boolean' })
  if (raw.help) {
    console.log(USAGE)
    return
  }
  if (raw.variant !== undefined && raw.variant !== 'legacy') throw new Error(`--variant: only 'legacy' is known, got '${raw.variant}'`)
  const opts = {
    scale: positiveNumber('scale', raw.scale, 1),
    pairs: Math.round(positiveNumber('pairs', raw.pairs, 5)),
    rssRuns: Math.round(positiveNumber('rss-runs', raw['rss-runs'], 1)),
    warmup: raw.warmup === '0' ? 0 : Math.round(positiveNumber('warmup', raw.warmup, 1)),
    out: raw.out ?? '-',
    note: raw.note,
    variant: raw.variant,
  }
  if (!existsSync(join(REPO, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  const comparisons = selectComparisons(list(raw.only), raw.variant)
  const engines = enginesFor(comparisons)
  const urls = benchUrls()
  const wantRss = comparisons.some((c) => c.kind === 'rss')
  log(`seeding scale ${opts.scale} on ${engines.join(', ')}`)
  await seedAll({ scale: opts.scale, engines, force: raw['force-seed'] === true, extraPg: wantRss ? ['orders_5m'] : [], log })
  const machine = await describeMachine(urls, engines)

  const samples = {}
  const failures = {}
  const longest = {}
  const tmpRoot = mkdtempSync(join(tmpdir(), 'rivet-bench-'))
  try {
    const keys = roundRunners(comparisons)
    for (let round = 1; round <= opts.warmup; round++) {
      log(`warm-up round ${round}/${opts.warmup}`)
      for (const key of keys) if (failures[key] === undefined) await measureOnce(key, tmpRoot, urls, samples, failures, true)
    }
    for (let round = 1; round <= opts.pairs; round++) {
      log(`round ${round}/${opts.pairs}`)
      for (const key of keys) if (failures[key] === undefined) await measureOnce(key, tmpRoot, urls, samples, failures)
    }
    for (const c of comparisons.filter((x) => x.kind === 'rss')) {
      for (const f of c.formats) for (let i = 0; i < opts.rssRuns; i++) if (failures[RSS_RUNNERS[f].m5] === undefined) await measureOnce(RSS_RUNNERS[f].m5, tmpRoot, urls, samples, failures)
    }
    for (const c of comparisons.filter((x) => x.kind === 'longest')) {
      for (let run = 1; run <= opts.pairs; run++) {
        for (const engine of c.engines) {
          if (failures[`longest-${engine}`] !== undefined) continue
          try {
            const r = await longestStatement(engine, urls, tmpRoot)
            ;(longest[engine] ??= []).push(r)
            log(`longest statement ${engine} (run ${run}): ${r.longestMs.toFixed(0)} ms (wall ${r.wall.toFixed(2)} s): ${r.longestSql}`)
          } catch (err) {
            failures[`longest-${engine}`] = err.message.split('\n')[0]
            log(`longest statement ${engine} FAILED: ${err.message}`)
          }
        }
      }
    }
  } finally {
    rmSync(tmpRoot, { recursive: true, force: true })
  }
  machine.loadEnd = load()
  const section = markdown({ machine, opts, rows: buildRows(comparisons, { samples, longest, failures }), notes: notes(opts, comparisons) })
  console.log(section)
  if (opts.out !== '-') {
    const file = resolve(opts.out)
    writeFileSync(file, replaceRegion(existsSync(file) ? readFileSync(file, 'utf8') : '', section))
    log(`wrote the results section into ${file}`)
  }
  if (Object.keys(failures).length > 0) process.exitCode = 1
}
