/**
 * Terminal sanitisation (A08): text that comes from outside rivet (database errors, child
 * stderr, object names) has C0 controls except TAB and LF, DEL, and C1 controls escaped as
 * `\u{xx}` before it reaches a terminal, so it cannot inject ANSI/OSC sequences.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

export function sanitizeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16).padStart(2, '0')}}`)
}
