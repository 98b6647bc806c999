import { Argument, type Command } from 'commander'
import type { CliContext } from '../context.js'
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from '../completion-scripts.js'

export function registerCompletions(program: Command, ctx: CliContext): void {
  program
    .command('completions')
    .description('print a shell completion script on stdout')
    .addArgument(new Argument('<shell>', 'target shell').choices(COMPLETION_SHELLS))
    .addHelpText('after', '\nExample:\n  rivet completions bash > /etc/bash_completion.d/rivet')
    .action((shell: CompletionShell) => {
      ctx.io.out(completionScript(shell, program))
    })
}
