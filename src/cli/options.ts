/**
 * Commander option parsers. Command files import this while the program is built, so it
 * must stay free of the logger and everything else a command loads only when it runs.
 */

/** Collects a repeatable option (`-p A=1 -p B=2`) into an array, in order. */
export function collectRepeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}
