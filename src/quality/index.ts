export { QualityTracker, type QualityVerdict } from './quality-tracker.js'
export { qualityColumnsError, qualityGateError } from './quality-errors.js'
export { fixedDecimal } from './fixed-decimal.js'
export { Hash64Set } from './hash64-set.js'
