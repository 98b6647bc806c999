import type { Command } from 'commander'

/** Shells `rivet completions` supports. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const
export type CompletionShell = (typeof COMPLETION_SHELLS)[number]

interface CommandWords {
  /** Space-joined subcommand path below `rivet` ('' for the root). */
  readonly path: string
  readonly subcommands: readonly { name: string; description: string }[]
  readonly options: readonly { flag: string; description: string }[]
}

/** Walks the commander tree into plain data; the scripts below only render it. */
export function collectWords(program: Command): CommandWords[] {
  const out: CommandWords[] = []
  const visit = (cmd: Command, path: string): void => {
    const options = cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined).map((flag) => ({ flag, description: o.description })))
    out.push({
      path,
      subcommands: cmd.commands.map((c) => ({ name: c.name(), description: c.description() })),
      options: [...options, { flag: '--help', description: 'show help' }],
    })
    for (const sub of cmd.commands) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`)
  }
  visit(program, '')
  return out
}

export function completionScript(shell: CompletionShell, program: Command): string {
  const words = collectWords(program)
  switch (shell) {
    case 'bash':
      return bash(words)
    case 'zsh':
      return zsh(words)
    case 'fish':
      return fish(words)
  }
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

function bash(words: readonly CommandWords[]): string {
  const cases = words
    .map((w) => `    ${q(w.path)}) opts=${q([...w.subcommands.map((s) => s.name), ...w.options.map((o) => o.flag)].join(' '))} ;;`)
    .join('\n')
  const subs = words.map((w) => q(w.path)).join(' ')
  return `# rivet bash completion — source it, or save to /etc/bash_completion.d/rivet
_rivet() {
  local cur path="" w i known
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    for known in ${subs}; do
      if [[ "$known" == "\${path:+$path }$w" ]]; then path="$known"; break; fi
    done
  done
  local opts=""
  case "$path" in
${cases}
  esac
  if [[ "$cur" != -* && "\${COMP_WORDS[COMP_CWORD-1]}" == -* && "\${COMP_WORDS[COMP_CWORD-1]}" =~ ^(-c|--config|-o|--output|--summary-output|--report)$ ]]; then
    COMPREPLY=($(compgen -f -- "$cur")); return
  fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _rivet rivet
`
}

function zsh(words: readonly CommandWords[]): string {
  const cases = words
    .map((w) => {
      const items = [
        ...w.subcommands.map((s) => `${s.name}:${s.description}`),
        ...w.options.map((o) => `${o.flag}:${o.description}`),
      ]
        .map(q)
        .join(' ')
      return `    ${q(w.path)}) items=(${items}) ;;`
    })
    .join('\n')
  const subs = words.map((w) => q(w.path)).join(' ')
  return `#compdef rivet
# rivet zsh completion — save as _rivet somewhere on $fpath
_rivet() {
  local path="" w known
  local -a items
  for w in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$w" == -* ]] && continue
    for known in ${subs}; do
      if [[ "$known" == "\${path:+$path }$w" ]]; then path="$known"; break; fi
    done
  done
  case "$path" in
${cases}
  esac
  _describe 'rivet' items
  _files
}
compdef _rivet rivet
`
}

function fish(words: readonly CommandWords[]): string {
  const lines: string[] = ['# rivet fish completion — save to ~/.config/fish/completions/rivet.fish', 'complete -c rivet -f']
  for (const w of words) {
    const parts = w.path === '' ? [] : w.path.split(' ')
    const cond =
      parts.length === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${parts[parts.length - 1] ?? ''}`
    for (const s of w.subcommands) lines.push(`complete -c rivet -n ${q(cond)} -a ${q(s.name)} -d ${q(s.description)}`)
    for (const o of w.options) {
      const flag = o.flag.startsWith('--') ? `-l ${o.flag.slice(2)}` : `-s ${o.flag.slice(1)}`
      lines.push(`complete -c rivet -n ${q(cond)} ${flag} -d ${q(o.description)}`)
    }
  }
  return lines.join('\n') + '\n'
}
