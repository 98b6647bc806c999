export {
  FIDELITY_LEVELS,
  isUnsafeFidelity,
  isUnsupported,
  rivetTypeLabel,
  type Fidelity,
  type RivetType,
  type RivetTypeKind,
  type TimeUnit,
} from './rivet-type.js'
export { SUPPORTED_OVERRIDE_SPELLINGS, parseColumnOverride, type ParsedOverride } from './column-override.js'
