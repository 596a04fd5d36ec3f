import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup of every package: the tests' temporary files go under one fresh directory
 * (TMPDIR, TEMP and TMP point there, and the test workers and the processes they spawn inherit
 * them), removed when the run ends — so a test that forgets to clean up leaves nothing behind.
 */
export default function setup(): () => void {
  const keys = ['TMPDIR', 'TEMP', 'TMP'] as const;
  const before = keys.map((k) => process.env[k]);
  const dir = mkdtempSync(join(tmpdir(), 'ring-test-'));
  for (const k of keys) process.env[k] = dir;
  return () => {
    keys.forEach((k, i) => {
      const v = before[i];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    });
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
