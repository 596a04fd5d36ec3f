import { CliUsageError } from './io';

/**
 * The timestamp written into evaluation records: `SOURCE_DATE_EPOCH` (whole seconds since
 * 1970-01-01 UTC, the reproducible-builds convention) when it is set, so that two runs write
 * identical bytes; otherwise the current time. ISO-8601 in UTC.
 */
export function recordTimestamp(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return now().toISOString();
  const seconds = /^\d{1,12}$/.test(epoch.trim()) ? Number(epoch.trim()) : Number.NaN;
  if (!Number.isSafeInteger(seconds)) {
    throw new CliUsageError(
      'ENV_INVALID',
      `SOURCE_DATE_EPOCH must be whole seconds since 1970 (got ${JSON.stringify(epoch)})`,
      'SOURCE_DATE_EPOCH',
      'unset it or give an integer such as 1700000000',
    );
  }
  return new Date(seconds * 1000).toISOString();
}
