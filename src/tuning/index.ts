export { mergeTuningConfig } from './merge.js'
export { TUNING_PROFILES, defaultProfileFor } from './profiles.js'
export { resolveTuning } from './resolve-tuning.js'
