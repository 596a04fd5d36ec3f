import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

/** A temporary sibling of `path` that no other writer uses. */
export function tempPathFor(path: string): string {
  counter += 1;
  return `${path}.tmp-${process.pid}-${counter}`;
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Flush the data to stable storage before the rename (survives power loss, not only a killed
   * process). Costs a disk round trip per file; used for manifests, off for bulk run files.
   */
  readonly durable?: boolean;
}

/**
 * Write a whole file atomically: the data goes to a temporary sibling and is renamed over `path`,
 * so a reader, or a process killed mid-write, never sees a half-written file. Parent folders are
 * created.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      if (options.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
