import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { CliContext } from '../context.js'

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('run a complete export from an embedded PostgreSQL (no database server needed)')
    .option('-d, --dir <path>', 'where to write the demo config, state and output', 'rivet-demo')
    .action(async (o: { dir: string }) => {
      const { demo } = await import('../actions/demo.js')
      await demo(ctx, resolve(ctx.cwd, o.dir))
    })
}

