/**
 * Global flags accepted before or after the subcommand (A02). They are lifted out of argv
 * before commander parses it, so every subcommand accepts them without redeclaring them.
 */
export interface GlobalFlags {
  readonly jsonErrors: boolean
}

export function splitGlobalFlags(args: readonly string[]): { args: string[]; flags: GlobalFlags } {
  let jsonErrors = false
  const rest: string[] = []
  for (const [i, arg] of args.entries()) {
    // Everything after `--` is positional data, never a flag.
    if (arg === '--') {
      rest.push(...args.slice(i))
      break
    }
    if (arg === '--json-errors') jsonErrors = true
    else rest.push(arg)
  }
  return { args: rest, flags: { jsonErrors } }
}
