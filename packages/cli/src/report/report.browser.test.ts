/**
 * `ring report` in a real browser: Debian's chromium driven by playwright-core (no browser
 * download). The page must load from file:// without console errors or network requests, and
 * every chart must be drawn with its data. A full-page screenshot is kept in packages/cli/test-output/
 * and, when set, $RING_ARTIFACTS_DIR (CI: .ci/artifacts/).
 *
 * Without chromium the tests are skipped locally (install it: apt-get install chromium) but fail
 * when CI=true, so CI can never pass without having rendered the report.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longestActiveRun, ring, writeEvaluationFixtures, writeSweepFixture } from './test-fixtures';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];
const executablePath = (process.env.RING_CHROMIUM ? [process.env.RING_CHROMIUM] : CANDIDATES).find((p) => existsSync(p)) ?? null;
const inCI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
const MISSING = `chromium not found (looked for ${process.env.RING_CHROMIUM ?? CANDIDATES.join(', ')}; set RING_CHROMIUM or apt-get install chromium)`;

/** Flags for Debian chromium as root on a machine without network (node.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots go to test-output/ (a turbo output of this package, so a cached test run restores them) and to $RING_ARTIFACTS_DIR. */
const outputDirs = [join(packageRoot, 'test-output'), ...(process.env.RING_ARTIFACTS_DIR ? [resolve(process.env.RING_ARTIFACTS_DIR)] : [])];

if (!executablePath && !inCI) {
  console.warn(`[report.browser.test] SKIPPED: ${MISSING}. These tests fail instead of skipping when CI=true.`);
}

interface PageProblems {
  console: string[];
  requests: string[];
}

/** Open a report page and collect console errors, page errors and any non-file request. */
async function open(browser: Browser, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const problems: PageProblems = { console: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.requests.push(`failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-report-ready]', { state: 'attached', timeout: 15_000 });
  return { page, problems };
}

interface CanvasCheck {
  id: string;
  width: number;
  height: number;
  painted: number;
  colored: number;
}
interface ReportState {
  done: boolean;
  errors: string[];
  charts: { id: string; expected: number; drawn: number }[];
}

/** What the page drew: the report script's own record, and every canvas's pixels. */
async function inspect(page: Page): Promise<{ state: ReportState; canvases: CanvasCheck[]; ready: string | null }> {
  return page.evaluate(() => {
    const canvases = Array.from(document.querySelectorAll('canvas')).map((c) => {
      const ctx = c.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let painted = 0;
      let colored = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        painted++;
        // Grid lines, axes and labels are grey; data series use saturated colours.
        const r = data[i]!;
        const g = data[i + 1]!;
        const b = data[i + 2]!;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colored++;
      }
      return { id: c.id, width: c.width, height: c.height, painted, colored };
    });
    const w = window as unknown as { __ringReport: ReportState };
    return { state: w.__ringReport, canvases, ready: document.documentElement.getAttribute('data-report-ready') };
  });
}

function expectAllChartsDrawn(r: Awaited<ReturnType<typeof inspect>>, expectedIds: string[]): void {
  expect(r.ready).toBe('ok');
  expect(r.state.done).toBe(true);
  expect(r.state.errors).toEqual([]);
  expect(r.canvases.map((c) => c.id)).toEqual(expectedIds);
  expect(r.state.charts.map((c) => c.id)).toEqual(expectedIds);
  for (const c of r.state.charts) {
    expect(c.expected, `${c.id}: data points in the page`).toBeGreaterThan(0);
    expect(c.drawn, `${c.id}: points drawn by Chart.js`).toBe(c.expected);
  }
  for (const c of r.canvases) {
    expect(c.width * c.height, `${c.id}: canvas size`).toBeGreaterThan(100 * 100);
    expect(c.painted / (c.width * c.height), `${c.id}: painted share`).toBeGreaterThan(0.01);
    expect(c.colored, `${c.id}: data-coloured pixels`).toBeGreaterThan(50);
  }
}

describe.skipIf(!executablePath && !inCI)('ring report in headless Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'ring-report-browser-'));
  const sweep = join(root, 'sweep');
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!executablePath) throw new Error(`CI=true and ${MISSING}: .ci/run installs Debian's chromium before the tests`);
    await writeSweepFixture(sweep);
    await writeEvaluationFixtures(sweep, root);
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('renders every chart of a full sweep report from file:// with no console error and no request; saves a screenshot', async () => {
    const file = join(root, 'report.html');
    const j = JSON.parse((await ring(['report', sweep, '--run', longestActiveRun(sweep), '--out', file, '--json'])).out) as {
      sections: { charts: string[] }[];
    };
    const ids = j.sections.flatMap((s) => s.charts);
    expect(ids).toHaveLength(15);
    const { page, problems } = await open(browser!, file);
    const r = await inspect(page);
    expectAllChartsDrawn(r, ids);
    expect(await page.locator('section[data-status="ok"]').count()).toBe(7);
    expect(await page.locator('section#explain canvas').count()).toBe(4);
    expect(problems).toEqual({ console: [], requests: [] });
    const [first, ...more] = outputDirs;
    mkdirSync(first!, { recursive: true });
    const png = join(first!, 'report.png');
    rmSync(png, { force: true });
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(50_000);
    copyFileSync(file, join(first!, 'report.html'));
    for (const dir of more) {
      mkdirSync(dir, { recursive: true });
      copyFileSync(png, join(dir, 'report.png'));
      copyFileSync(file, join(dir, 'report.html'));
    }
    await page.close();
  }, 60_000);

  it('a report with missing inputs shows why, and still draws what it has', async () => {
    const plain = join(root, 'plain');
    await writeSweepFixture(plain, { detailed: false });
    const file = join(root, 'plain.html');
    const j = JSON.parse((await ring(['report', plain, '--out', file, '--json'])).out) as { sections: { charts: string[] }[] };
    const { page, problems } = await open(browser!, file);
    const r = await inspect(page);
    expectAllChartsDrawn(
      r,
      j.sections.flatMap((s) => s.charts),
    );
    expect(r.canvases).toHaveLength(7);
    expect(await page.locator('section#run[data-status="missing"] .note').innerText()).toMatch(/no run directory/);
    expect(await page.locator('section#evaluations[data-status="missing"] .note').innerText()).toMatch(/no evaluation\.json/);
    expect(await page.locator('section#explain[data-status="missing"] .note').innerText()).toMatch(/no per-run logs .*--detailed-logging/);
    expect(problems).toEqual({ console: [], requests: [] });
    await page.close();
  }, 60_000);
});
