// What the results table is measured on: CPUs, RAM, tool and server versions, commit, date, load.
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, release, totalmem, type } from 'node:os'
import { join } from 'node:path'
import { REPO } from './runners.mjs'
import { mysqlConnection, pgClient } from './targets.mjs'

function firstLine(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: REPO }).split('\n')[0].trim()
  } catch (err) {
    return `${cmd} unavailable (${err.message.split('\n')[0]})`
  }
}

/** HEAD, flagged when src/ has uncommitted changes (then dist/ may not match HEAD). */
function commitLabel() {
  const head = firstLine('git', ['rev-parse', '--short', 'HEAD'])
  const status = firstLine('git', ['status', '--porcelain', '--', 'src'])
  return status === '' ? head : status.includes('unavailable') ? head : `${head} + uncommitted src/ changes`
}

export const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')

export async function describeMachine(urls, engines) {
  let pgServer = '—'
  let mysqlServer = '—'
  if (engines.includes('pg')) {
    const c = await pgClient(urls.pg)
    pgServer = `PostgreSQL ${(await c.query('SHOW server_version')).rows[0].server_version.split(' ')[0]}`
    await c.end()
  }
  if (engines.includes('mysql')) {
    const c = await mysqlConnection(urls.mysql)
    const [rows] = await c.query('SELECT VERSION() AS v')
    mysqlServer = `MariaDB/MySQL ${String(rows[0].v).split('-')[0]}`
    await c.end()
  }
  const duck = JSON.parse(readFileSync(join(REPO, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version
  return {
    cpus: availableParallelism(),
    ramGiB: (totalmem() / 2 ** 30).toFixed(0),
    os: `${type()} ${release()}`,
    node: process.versions.node,
    psql: firstLine('psql', ['--version']),
    mariadb: firstLine('mariadb', ['--version']).replace(/,.*$/, '').replace(/\s+/g, ' '),
    pgServer,
    mysqlServer,
    duckdb: `@duckdb/node-api ${duck}`,
    commit: commitLabel(),
    distBuilt: statSync(join(REPO, 'dist', 'src', 'cli', 'main.js')).mtime.toISOString().replace(/\.\d+Z$/, 'Z'),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadStart: load(),
    loadEnd: '',
  }
}
