export { clearRegisteredSecrets, redactDeep, redactSecrets, registerSecret } from './redact.js'
export { sanitizeTerminal } from './sanitize-terminal.js'
