import { type Data, makeData, Time, Timestamp } from 'apache-arrow'
import { arrowTimeUnit } from '../types/arrow-type.js'
import type { TimeUnit } from '../types/index.js'
import { Word64Column } from './word64-column.js'

const MICROS_PER_UNIT: Readonly<Record<TimeUnit, number>> = {
  second: 1_000_000,
  millisecond: 1_000,
  microsecond: 1,
  nanosecond: 0,
}
const NANOS_PER_UNIT: Readonly<Record<TimeUnit, bigint>> = {
  second: 1_000_000_000n,
  millisecond: 1_000_000n,
  microsecond: 1_000n,
  nanosecond: 1n,
}
const SAFE_NANO_MICROS = Math.floor(Number.MAX_SAFE_INTEGER / 1000)

/**
 * Timestamps since the Unix epoch in the column's unit (UTC instants for tz columns).
 * Coarser units floor toward negative infinity so pre-1970 instants stay correct.
 */
export class TimestampColumn extends Word64Column<Timestamp> {
  readonly unit: TimeUnit

  constructor(unit: TimeUnit, timezone: string | null, capacity = 1024) {
    super({ kind: 'timestamp', unit, timezone }, new Timestamp(arrowTimeUnit(unit), timezone), capacity)
    this.unit = unit
  }

  appendMicros(v: bigint | number): void {
    const i = this.next()
    if (typeof v === 'number') {
      const per = MICROS_PER_UNIT[this.unit]
      if (per === 1) this.putNumber(i, v)
      else if (per > 1) this.putNumber(i, Math.floor(v / per))
      else if (Math.abs(v) <= SAFE_NANO_MICROS) this.putNumber(i, v * 1000)
      else this.signed[i] = BigInt(v) * 1000n
      return
    }
    this.signed[i] = this.unit === 'nanosecond' ? v * 1000n : floorDiv(v * 1000n, NANOS_PER_UNIT[this.unit])
  }

  appendNanos(v: bigint): void {
    const i = this.next() // may grow and replace the array: index first
    this.signed[i] = floorDiv(v, NANOS_PER_UNIT[this.unit])
  }

  finish(): Data<Timestamp> {
    const values = this.takeSigned(this.len)
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, data: values })
  }
}

/**
 * Time of day. Microsecond and nanosecond units are Time64 (64-bit); second and millisecond
 * are Time32 and use the low word only.
 */
export class TimeColumn extends Word64Column<Time> {
  readonly unit: TimeUnit

  constructor(unit: TimeUnit = 'microsecond', capacity = 1024) {
    const wide = unit === 'microsecond' || unit === 'nanosecond'
    super({ kind: 'time', unit }, new Time(arrowTimeUnit(unit), wide ? 64 : 32), capacity)
    this.unit = unit
  }

  /** Microseconds since midnight. */
  appendMicros(v: number): void {
    const per = MICROS_PER_UNIT[this.unit]
    const scaled = per === 1 ? v : per > 1 ? Math.floor(v / per) : v * 1000
    this.putNumber(this.next(), scaled)
  }

  finish(): Data<Time> {
    const wide = this.unit === 'microsecond' || this.unit === 'nanosecond'
    const n = this.len
    let data: BigInt64Array | Int32Array
    if (wide) {
      data = this.takeSigned(n)
    } else {
      const narrow = new Int32Array(n)
      for (let i = 0; i < n; i++) narrow[i] = this.words[i * 2] ?? 0
      data = narrow
    }
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, data })
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 1n) return a
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}
