import { Argument, type Command } from 'commander'
import type { CliContext } from '../context.js'

/** `rivet schema config` (B19): the JSON Schema of `rivet.yaml`, for editor integration. */
export function registerSchema(program: Command, ctx: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of a rivet file kind on stdout')
    .addArgument(new Argument('<kind>', 'what to describe').choices(['config']))
    .addHelpText(
      'after',
      '\nExample:\n  rivet schema config > rivet.schema.json\n  # then in rivet.yaml: # yaml-language-server: $schema=./rivet.schema.json',
    )
    .action(async () => {
      const { configJsonSchemaText } = await import('../../config/index.js')
      ctx.io.out(configJsonSchemaText())
    })
}
