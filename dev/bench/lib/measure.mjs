// Runs one command under `/usr/bin/time -v`: wall seconds (measured here, monotonic clock) and
// peak RSS ("Maximum resident set size"; for a shell pipeline that is the largest process in it,
// as getrusage(RUSAGE_CHILDREN) reports). A non-zero exit throws with the end of stderr.
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const TIME = '/usr/bin/time'

export function parseMaxRssKb(timeOutput) {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(timeOutput)
  if (m === null) throw new Error(`no 'Maximum resident set size' in /usr/bin/time -v output:\n${timeOutput.slice(0, 400)}`)
  return Number(m[1])
}

/**
 * `spec`: { cmd, args, env?, cwd, stdoutFile? }. `whileRunning(isRunning)` (optional) is started
 * with the child and awaited after it exits — the statement sampler uses it.
 * Returns { wall (s), rssMb }.
 */
export async function timed(spec, whileRunning) {
  const timeFile = join(spec.cwd, '.time-v.txt')
  const out = spec.stdoutFile === undefined ? 'ignore' : openSync(spec.stdoutFile, 'w')
  let running = true
  const started = process.hrtime.bigint()
  const child = spawn(TIME, ['-v', '-o', timeFile, spec.cmd, ...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', out, 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (b) => {
    stderr = (stderr + b.toString('utf8')).slice(-4000)
  })
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal }))
  })
  const sampler = whileRunning === undefined ? Promise.resolve() : whileRunning(() => running)
  const { code, signal } = await exited
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  running = false
  await sampler
  if (typeof out === 'number') closeSync(out)
  if (code !== 0) throw new Error(`${spec.cmd} ${spec.args.join(' ').slice(0, 200)} exited with ${code ?? signal}:\n${stderr}`)
  return { wall, rssMb: parseMaxRssKb(readFileSync(timeFile, 'utf8')) / 1024 }
}

/** Calls `sample()` every `everyMs` while `isRunning()`; returns the largest value seen. */
export async function sampleMax(isRunning, sample, everyMs) {
  let max = 0
  while (isRunning()) {
    max = Math.max(max, await sample())
    await sleep(everyMs)
  }
  return max
}
