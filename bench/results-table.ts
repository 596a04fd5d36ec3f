/** One line of a bench's results table. */
export interface BenchRow {
  what: string;
  figure: string;
  target: string;
  /** null: not measured; 'info': a figure without a target. */
  pass: boolean | null | 'info';
}

/**
 * Print the results as an aligned table (result, benchmark, figure, target); with BENCH_STRICT=1 a
 * failed row makes the process exit non-zero.
 */
export function printResults(rows: readonly BenchRow[]): void {
  const header = ['result', 'benchmark', 'figure', 'target'];
  const body = rows.map((r) => [
    r.pass === null ? 'SKIP' : r.pass === 'info' ? 'INFO' : r.pass ? 'PASS' : 'FAIL',
    r.what,
    r.figure,
    r.target,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  if (process.env.BENCH_STRICT === '1' && rows.some((r) => r.pass === false)) process.exitCode = 1;
}
