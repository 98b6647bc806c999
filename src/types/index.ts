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
export {
  ARROW_EXTENSION_METADATA,
  ARROW_EXTENSION_NAME,
  LIST_ITEM_NAME,
  META_FIDELITY,
  META_LOGICAL_TYPE,
  META_NATIVE_TYPE,
  arrowDataType,
  arrowField,
  arrowTimeUnit,
  logicalTypeLabel,
  type ArrowFieldMeta,
} from './arrow-type.js'
export {
  decimalByteWidth,
  decimalParseError,
  fitsDecimalWidth,
  formatScaledDecimal,
  parseDecimalToScaled,
  readDecimalLE,
  writeDecimalLE,
} from './decimal.js'
export { decodePgNumeric } from './pg-numeric-wire.js'
