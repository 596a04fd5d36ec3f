/**
 * An interrupted `ring run --detailed-logging` leaves a temporary run folder
 * (`runs/<run_id>.tmp-<pid>-<n>`): `ring report` ignores it and the next run removes it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReportInputs } from '../report/index';
import { runCli } from '../program';
import type { CliIO } from '../io';

const root = mkdtempSync(join(tmpdir(), 'ring-cli-interrupted-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli.ts');

const quiet: CliIO = { stdout: () => undefined, stderr: () => undefined, isTTY: false };
const runs = (out: string) => (existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).sort() : []);

/** Start a long detailed run in a child process and SIGKILL it while its first run folder is being written. */
async function killedRun(out: string): Promise<string> {
  const args = ['--import', 'tsx', CLI, 'run', '--detailed-logging', '--out', out, '--n-agents', '20000', '--maturity-days', '60'];
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 90_000;
  let temp: string | undefined;
  while (!temp && Date.now() < deadline && child.exitCode === null) {
    temp = runs(out).find((n) => n.includes('.tmp-'));
    if (!temp) await sleep(20);
  }
  child.kill('SIGKILL');
  await exited;
  if (!temp) throw new Error('the run finished before a temporary run folder was seen');
  return temp;
}

describe('ring run after an interrupted ring run', () => {
  it('report ignores the temporary run folder, the next run removes it', async () => {
    const out = join(root, 'run');
    const temp = await killedRun(out);
    expect(temp).toMatch(/^passive_[0-9a-f]+\.tmp-\d+-\d+$/);
    expect(runs(out)).toEqual([temp]);
    expect(loadReportInputs(out).runIds).toEqual([]);

    expect(await runCli(['run', '--detailed-logging', '--out', out, '--profile', 'paper2025'], quiet)).toBe(0);
    const after = runs(out);
    expect(after).toHaveLength(2);
    expect(after.every((n) => /^(passive|active)_[0-9a-f]+$/.test(n))).toBe(true);
    expect([...loadReportInputs(out).runIds].sort()).toEqual(after);
  });
});
