export { RIVET_CODES, isRivetCode, type RivetCode } from './codes.js'
export { ExitClass, USAGE_EXIT_CODE, SIGNAL_EXIT_CODES, mostSevere, severityOf } from './exit-class.js'
export {
  RivetError,
  PERMANENT,
  errorMessage,
  isRivetError,
  type RetryClass,
  type RivetErrorInfo,
} from './rivet-error.js'
