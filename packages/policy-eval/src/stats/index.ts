export { tQuantile975, tQuantile975Digits, simcashT } from './t';
export { T975_DOUBLE, T975_DIGITS20, Z975_DOUBLE, Z975_DIGITS20 } from './t-table';
export { centStatistics, floorDiv, ceilDiv } from './cents';
export type { CentStatistics, CentRounding } from './cents';
export {
  XorShift64Star,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  percentileIndices,
  percentileBootstrapCents,
  percentileBootstrapDecimal,
  toFixedPoint,
  fixedToD,
} from './bootstrap';
export type { BootstrapInterval } from './bootstrap';
export { decimalMeanCi, excludesZero, shareExcludingZero } from './decimal';
export type { DecimalMeanCi, DecimalCiOptions } from './decimal';
