import { CommanderError } from 'commander';
import { isRingError } from '@ring/engine';

/**
 * File-system error codes that mean "this path cannot be used as asked" (a user problem, exit code
 * 2) rather than a bug: the path exists / does not exist / is of the wrong kind, no permission, a
 * full or read-only disk.
 */
export const FS_USER_ERROR_CODES: ReadonlySet<string> = new Set([
  'EEXIST',
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EDQUOT',
  'EISDIR',
  'ENOTDIR',
  'ENOENT',
  'EROFS',
  'ENAMETOOLONG',
  'ELOOP',
]);

/** A Node file-system error (`err.code` such as `EACCES`, with the `syscall` that failed). */
function isFsUserError(e: unknown): e is NodeJS.ErrnoException {
  if (!(e instanceof Error)) return false;
  const { code, syscall } = e as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string' && FS_USER_ERROR_CODES.has(code);
}

const FS_HINTS: Record<string, string> = {
  EACCES: 'no permission: choose a path you can write to',
  EPERM: 'operation not permitted: choose a path you can write to',
  ENOSPC: 'the disk is full: free some space or choose another --out',
  EDQUOT: 'the disk quota is exhausted: free some space or choose another --out',
  EROFS: 'the file system is read-only: choose another --out',
};

/** Messages may span lines (a wrapped cause); the CLI prints exactly one. */
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** How the CLI reports an error: the line(s) for stderr and the exit code. */
export interface ErrorReport {
  /** 2: bad input or an unusable path; 1: anything else (a bug). */
  readonly exitCode: 1 | 2;
  /** What goes to stderr (one line unless `debug`), ending with a newline. */
  readonly text: string;
}

/**
 * Turn a thrown value into the CLI's report: `error: <CODE>: <message>[ — <hint>]` and exit code 2
 * for a ring error (any package's `RingError`), a command-line usage error and a file-system error
 * on a user path; `error: <message>` and exit code 1 for anything else. With `debug`, the stack
 * trace (and the chain of causes) follows the line.
 */
export function errorReport(e: unknown, options: { debug?: boolean; command?: string } = {}): ErrorReport {
  let exitCode: 1 | 2 = 2;
  let line: string;
  if (e instanceof CommanderError) {
    // commander's messages already start with "error: "
    const help = options.command ? `ring ${options.command} --help` : 'ring --help';
    line = `${oneLine(e.message)} (see ${help})`;
  } else if (isRingError(e)) {
    const message = oneLine(e.message);
    const coded = message.startsWith(`${e.code}:`) ? message : `${e.code}: ${message}`;
    line = `error: ${coded}${e.hint && !message.includes(e.hint) ? ` — ${e.hint}` : ''}`;
  } else if (isFsUserError(e)) {
    const hint = FS_HINTS[e.code!];
    line = `error: ${oneLine(e.message)}${hint ? ` — ${hint}` : ''}`;
  } else {
    exitCode = 1;
    const what = e instanceof Error ? `${e.name}: ${oneLine(e.message)}` : oneLine(String(e));
    line = `error: ${what}${options.debug ? '' : ' (an unexpected error; rerun with --debug for the stack trace)'}`;
  }
  let text = `${line}\n`;
  if (options.debug) text += debugDetails(e);
  return { exitCode, text };
}

/** The stack of an error and of each of its causes. */
function debugDetails(e: unknown): string {
  let out = '';
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && depth < 8; depth++) {
    const label = depth === 0 ? '' : 'caused by: ';
    out += `${label}${cur instanceof Error ? (cur.stack ?? `${cur.name}: ${cur.message}`) : String(cur)}\n`;
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return out;
}
