import { describe, expect, it } from 'vitest'
import { packageInfo } from '../../src/cli/package-info.js'
import { runCli } from '../helpers/run-cli.js'

describe('rivet CLI basics (built)', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(packageInfo().version)
  })

  it('--help lists commands and exits 0', async () => {
    const r = await runCli(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('completions')
  })

  it('no command prints help on stderr and exits 2 (usage)', async () => {
    const r = await runCli([])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: rivet')
  })

  it('an unknown command is a usage error; --json-errors after the subcommand works', async () => {
    const r = await runCli(['frobnicate', '--json-errors'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stderr)).toMatchObject({ code: 'RIVET_USAGE', exit_class: 2 })
  })

  it.each(['bash', 'zsh', 'fish'])('completions %s prints a script naming the commands', async (shell) => {
    const r = await runCli(['completions', shell])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('rivet')
    expect(r.stdout).toContain('completions')
  })

  it('the bash completion script is valid bash', async () => {
    const r = await runCli(['completions', 'bash'])
    const { spawnSync } = await import('node:child_process')
    const check = spawnSync('bash', ['-n'], { input: r.stdout })
    expect(check.status).toBe(0)
  })
})

describe('--help for every registered command', () => {
  it.each([['run'], ['state'], ['state', 'show'], ['state', 'reset'], ['state', 'files'], ['metrics'], ['demo'], ['schema'], ['completions']])('rivet %s --help', async (...cmd) => {
    const r = await runCli([...cmd, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Usage: rivet ${cmd.join(' ')}`)
  })
})
