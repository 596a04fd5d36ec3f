import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, escapeHtml, jsonForScript } from './index';
import type { ChartConfig } from './model';
import { NO_DIFFERENCE_REASONS } from '@ring/explain';
import type { Explanation } from '@ring/explain';
import { longestActiveRun, ring, text, writeEvaluationFixtures, writeSweepFixture } from './test-fixtures';

const root = mkdtempSync(join(tmpdir(), 'ring-report-'));
const full = join(root, 'full'); // sweep + run directories + evaluation records
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  await writeSweepFixture(full);
  await writeEvaluationFixtures(full, root);
}, 60_000);

interface EmbeddedChart {
  id: string;
  points: number;
  config: ChartConfig;
}
/** The chart data embedded in a report page. */
function embedded(html: string): EmbeddedChart[] {
  const m = /<script type="application\/json" id="ring-report-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no embedded data');
  return (JSON.parse(m[1]!) as { charts: EmbeddedChart[] }).charts;
}
const dataset = (c: EmbeddedChart, label: string) => c.config.data.datasets.find((d) => d.label === label)!.data as (number | null)[];

/** comparison.csv parsed independently of the report code (no field is quoted, docs/instrumentation.md §1.1). */
function comparisonRows(dir: string): Record<string, string>[] {
  const [head, ...lines] = text(join(dir, 'aggregate', 'comparison.csv'))
    .trimEnd()
    .split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

describe('ring report', () => {
  it('writes DIR/report.html with every section and chart of a sweep with run directories and evaluations', async () => {
    const r = await ring(['report', full, '--json']);
    const j = JSON.parse(r.out) as { out: string; charts: number; sections: { id: string; status: string; charts: string[] }[] };
    expect(j.out).toBe(join(full, 'report.html'));
    expect(existsSync(j.out)).toBe(true);
    expect(Object.fromEntries(j.sections.map((s) => [s.id, s.status]))).toEqual({
      overview: 'ok',
      'trading-effect': 'ok',
      'delta-pairs': 'ok',
      strategies: 'ok',
      run: 'ok',
      explain: 'ok',
      evaluations: 'ok',
    });
    expect(j.sections.flatMap((s) => s.charts)).toEqual([
      'chart-te-kappa',
      'chart-te-concentration',
      'chart-te-mu',
      'chart-te-outside_mid_ratio',
      'chart-delta-scatter',
      'chart-strategy-mix',
      'chart-default-rates',
      'chart-run-inventory',
      'chart-run-debt',
      'chart-explain-saved-harmed',
      'chart-explain-reasons',
      'chart-explain-liquidity',
      'chart-explain-horizons',
      'chart-eval-delta',
      'chart-eval-agents',
    ]);
    const html = text(j.out);
    expect(embedded(html).map((c) => c.id)).toEqual(j.sections.flatMap((s) => s.charts));
    for (const c of embedded(html)) {
      expect(c.points, c.id).toBeGreaterThan(0);
      expect(html).toContain(`<canvas id="${c.id}"`);
    }
    const human = await ring(['report', full, '--out', join(root, 'human.html')]);
    expect(human.out).toMatch(/^ring report — 15 charts → .*human\.html \(\d+ KiB, self-contained\)\n$/);
  });

  it('is self-contained: the charting library and the data are inline and nothing is fetched', () => {
    const { html } = buildReport(full);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Chart.js v4.'); // the library's banner (its MIT notice) is kept
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toContain('sourceMappingURL');
    expect(html.length).toBeGreaterThan(200_000); // Chart.js itself is ~200 KB
  });

  it('charts the means per parameter value and the pairs of comparison.csv', () => {
    const charts = embedded(buildReport(full).html);
    const rows = comparisonRows(full).filter((r) => r.passive_status === 'completed' && r.active_status === 'completed');
    expect(rows).toHaveLength(36);
    for (const key of ['kappa', 'concentration', 'mu', 'outside_mid_ratio']) {
      const c = charts.find((x) => x.id === `chart-te-${key}`)!;
      const values = [...new Set(rows.map((r) => r[key]!))].sort((a, b) => Number(a) - Number(b));
      expect(c.config.data.labels).toEqual(values);
      const means = values.map((v) => {
        const g = rows.filter((r) => r[key] === v);
        return g.reduce((s, r) => s + Number(r.trading_effect), 0) / g.length;
      });
      const got = dataset(c, 'mean Δ');
      means.forEach((m, i) => expect(got[i]).toBeCloseTo(m, 12));
      const dp = dataset(c, 'mean δ passive');
      values.forEach((v, i) => {
        const g = rows.filter((r) => r[key] === v);
        expect(dp[i]).toBeCloseTo(g.reduce((s, r) => s + Number(r.delta_passive), 0) / g.length, 12);
      });
    }
    // Overall mean from the per-value means weighted by their counts = summary.json's mean Δ.
    const summary = JSON.parse(text(join(full, 'aggregate', 'summary.json'))) as { mean_trading_effect: number };
    const kappa = charts.find((x) => x.id === 'chart-te-kappa')!;
    const counts = (kappa.config.data.labels as string[]).map((v) => rows.filter((r) => r.kappa === v).length);
    const weighted = dataset(kappa, 'mean Δ').reduce((s: number, m, i) => s + m! * counts[i]!, 0) / rows.length;
    expect(weighted).toBeCloseTo(summary.mean_trading_effect, 12);

    const scatter = charts.find((x) => x.id === 'chart-delta-scatter')!;
    const points = scatter.config.data.datasets.filter((d) => d.type !== 'line').flatMap((d) => d.data as { x: number; y: number }[]);
    expect(points).toHaveLength(36);
    expect(points.map((p) => `${p.x}|${p.y}`).sort()).toEqual(
      rows.map((r) => `${Number(r.delta_passive)}|${Number(r.delta_active)}`).sort(),
    );
    const improved = scatter.config.data.datasets.find((d) => String(d.label).startsWith('improved'))!.data as { x: number; y: number }[];
    for (const p of improved) expect(p.y).toBeLessThan(p.x);
  });

  it('the Explain section charts what ring explain says: saved vs harmed shares, reasons, liquidity buckets, horizons', async () => {
    const e = JSON.parse((await ring(['explain', full, '--json'])).out) as Explanation;
    const charts = embedded(buildReport(full).html);
    const scatter = charts.find((c) => c.id === 'chart-explain-saved-harmed')!;
    const points = scatter.config.data.datasets.filter((d) => d.type !== 'line').flatMap((d) => d.data as { x: number; y: number }[]);
    const share = (face: string, total: string) => Number(face) / Number(total);
    expect(points.map((p) => `${p.x}|${p.y}`).sort()).toEqual(
      e.pairs.map((p) => `${share(p.liabilities.saved.face, p.total_face!)}|${share(p.liabilities.harmed.face, p.total_face!)}`).sort(),
    );
    for (const p of e.pairs) {
      const attributed = share(p.liabilities.saved.face, p.total_face!) - share(p.liabilities.harmed.face, p.total_face!);
      expect(attributed).toBeCloseTo(Number(p.trading_effect), 12);
    }
    const reasons = charts.find((c) => c.id === 'chart-explain-reasons')!;
    expect(reasons.config.data.labels).toEqual([...NO_DIFFERENCE_REASONS]);
    expect(reasons.config.data.datasets[0]!.data).toEqual(NO_DIFFERENCE_REASONS.map((r) => e.totals.no_difference[r]));
    expect((reasons.config.data.datasets[0]!.data as number[]).reduce((a, b) => a + b, 0)).toBe(
      e.pairs.filter((p) => p.effect_class === 'unchanged').length,
    );
    const liquidity = charts.find((c) => c.id === 'chart-explain-liquidity')!;
    const withDebt = e.by_initial_liquidity.filter((b) => b.default_rate_passive !== null);
    expect(dataset(liquidity, 'passive')).toEqual(withDebt.map((b) => Number(b.default_rate_passive)));
    expect(dataset(liquidity, 'active')).toEqual(withDebt.map((b) => Number(b.default_rate_active)));
    const horizons = charts.find((c) => c.id === 'chart-explain-horizons')!;
    const day0 = e.horizons.filter((h) => h.day === 0);
    expect(day0).toHaveLength(e.pairs.length);
    expect(dataset(horizons, 'remaining debt (active)')[0]).toBe(day0.reduce((s, h) => s + Number(h.remaining_debt_face), 0));
    expect(dataset(horizons, 'pairs still running (right axis)')[0]).toBe(e.pairs.length);
  });

  it('sums strategy counts and face-weighted default rates over the runs of each regime', () => {
    const charts = embedded(buildReport(full).html);
    const [head, ...lines] = text(join(full, 'aggregate', 'strategy_outcomes_by_run.csv'))
      .trimEnd()
      .split('\n');
    const cols = head!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
    const mix = charts.find((c) => c.id === 'chart-strategy-mix')!;
    expect(mix.config.data.labels).toEqual(['passive', 'active']);
    const total = (regime: string, col: string) => rows.filter((r) => r.regime === regime).reduce((s, r) => s + Number(r[col]), 0);
    for (const s of ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip']) {
      expect(dataset(mix, s)).toEqual([total('passive', `count_${s}`), total('active', `count_${s}`)]);
    }
    // Passive runs never trade.
    expect(dataset(mix, 'round_trip')[0]).toBe(0);
    expect(dataset(mix, 'no_trade')[0]).toBe(total('passive', 'total_liabilities'));
    const rates = charts.find((c) => c.id === 'chart-default-rates')!;
    expect(rates.config.data.labels).toEqual(['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip', 'all']);
    const active = dataset(rates, 'active');
    expect(active[4]).toBeCloseTo(total('active', 'default_face_total') / total('active', 'total_face_value'), 12);
    expect(active[2]).toBeCloseTo(total('active', 'default_face_sell_before') / total('active', 'face_sell_before'), 12);
    expect(dataset(rates, 'passive')[3]).toBeNull(); // no passive liability is round_trip: no bar, not a zero
  });

  it('charts the first pair’s active run by default and the run named by --run', () => {
    const first = comparisonRows(full)[0]!;
    const byDefault = buildReport(full).model.sections.find((s) => s.id === 'run')!;
    expect(byDefault.intro).toContain(`Run ${first.active_run_id}`);
    const id = longestActiveRun(full);
    const chosen = buildReport(full, { runId: id });
    const debt = embedded(chosen.html).find((c) => c.id === 'chart-run-debt')!;
    const system = text(join(full, 'runs', id, 'system_state_timeseries.csv'))
      .trimEnd()
      .split('\n');
    expect(debt.config.data.labels).toEqual(system.slice(1).map((l) => Number(l.split(',')[2])));
    const totalFace = system.slice(1).map((l) => Number(l.split(',')[3]));
    expect(dataset(debt, 'outstanding debt (total face)')).toEqual(totalFace);
    expect(totalFace.length).toBeGreaterThan(5);
    const inventory = embedded(chosen.html).find((c) => c.id === 'chart-run-inventory')!;
    expect(inventory.config.data.datasets.map((d) => d.label)).toEqual([
      'dealer short',
      'VBT short',
      'dealer mid',
      'VBT mid',
      'dealer long',
      'VBT long',
    ]);
  });

  it('charts the CI of every evaluation record and the per-trader CIs of a bootstrap record', () => {
    const { html, model } = buildReport(full);
    const charts = embedded(html);
    const ev = charts.find((c) => c.id === 'chart-eval-delta')!;
    expect(ev.config.data.labels).toEqual(['evaluations/bootstrap (bootstrap)', 'evaluations/deterministic (deterministic)']);
    const boot = JSON.parse(text(join(full, 'evaluations', 'bootstrap', 'evaluation.json'))) as {
      evaluation: { delta_ci_95: [string, string]; mean_delta: string };
    };
    const ci = ev.config.data.datasets[0]!.data as ([number, number] | null)[];
    expect(ci[0]).toEqual([Number(boot.evaluation.delta_ci_95[0]), Number(boot.evaluation.delta_ci_95[1])]);
    expect(ci[1]).toBeNull(); // deterministic: no interval
    expect((ev.config.data.datasets[1]!.data as number[])[0]).toBe(Number(boot.evaluation.mean_delta));
    const agents = charts.find((c) => c.id === 'chart-eval-agents')!;
    expect(agents.config.data.labels).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8', 'H9', 'H10']);
    for (const [lo, hi] of agents.config.data.datasets[0]!.data as [number, number][]) expect(lo).toBeLessThanOrEqual(hi);
    expect(model.sections.find((s) => s.id === 'evaluations')!.tables[0]!.rows).toHaveLength(2);
  });

  it('is deterministic: the same directory gives the same bytes', async () => {
    await ring(['report', full, '--out', join(root, 'a.html')]);
    await ring(['report', full, '--out', join(root, 'b.html')]);
    expect(readFileSync(join(root, 'a.html')).equals(readFileSync(join(root, 'b.html')))).toBe(true);
  });

  it('writes atomically: creates parent folders, replaces an existing file, leaves no temporary file', async () => {
    const out = join(root, 'atomic', 'nested', 'r.html');
    await ring(['report', full, '--out', out]);
    writeFileSync(out, 'stale');
    await ring(['report', full, '--out', out]);
    expect(text(out)).toMatch(/^<!doctype html>/);
    expect(readdirSync(join(root, 'atomic', 'nested'))).toEqual(['r.html']);
  });

  describe('missing or unreadable inputs: the section says so, the report is still written', () => {
    it('a sweep without --detailed-logging and without evaluations', async () => {
      const dir = join(root, 'plain');
      await writeSweepFixture(dir, { detailed: false });
      const j = JSON.parse((await ring(['report', dir, '--json'])).out) as { sections: { id: string; status: string; notes: string[] }[] };
      const s = Object.fromEntries(j.sections.map((x) => [x.id, x]));
      expect(s['trading-effect']!.status).toBe('ok');
      expect(s.run!.status).toBe('missing');
      expect(s.run!.notes[0]).toMatch(/no run directory .*--detailed-logging/);
      expect(s.evaluations!.status).toBe('missing');
      expect(s.evaluations!.notes[0]).toMatch(/no evaluation\.json/);
      expect(s.explain!.status).toBe('missing');
      expect(s.explain!.notes[0]).toMatch(/no per-run logs .*--detailed-logging/);
      const html = text(join(dir, 'report.html'));
      expect(html).toContain('data-status="missing"');
      expect(embedded(html)).toHaveLength(7);
    });

    it('an evaluation directory of ring compare --out only', async () => {
      const dir = join(full, 'evaluations', 'bootstrap');
      const j = JSON.parse((await ring(['report', dir, '--out', join(root, 'eval.html'), '--json'])).out) as {
        charts: number;
        sections: { id: string; status: string; notes: string[] }[];
      };
      const s = Object.fromEntries(j.sections.map((x) => [x.id, x]));
      expect(s.evaluations!.status).toBe('ok');
      expect(s['trading-effect']!.status).toBe('missing');
      expect(s['trading-effect']!.notes[0]).toContain(join(dir, 'aggregate', 'comparison.csv'));
      expect(s.strategies!.status).toBe('missing');
      expect(j.charts).toBe(2);
    });

    it('a malformed comparison.csv, a truncated strategy file and an unreadable evaluation record', async () => {
      const dir = join(root, 'broken');
      cpSync(full, dir, { recursive: true });
      writeFileSync(join(dir, 'aggregate', 'comparison.csv'), 'kappa,nonsense\n1,2\n');
      const strategies = join(dir, 'aggregate', 'strategy_outcomes_by_run.csv');
      writeFileSync(strategies, text(strategies).slice(0, -10));
      writeFileSync(join(dir, 'evaluations', 'deterministic', 'evaluation.json'), '{ not json');
      const j = JSON.parse((await ring(['report', dir, '--json'])).out) as { sections: { id: string; status: string; notes: string[] }[] };
      const s = Object.fromEntries(j.sections.map((x) => [x.id, x]));
      expect(s['trading-effect']!.status).toBe('error');
      expect(s['trading-effect']!.notes[0]).toMatch(/comparison\.csv could not be read: .*unexpected header/);
      expect(s['delta-pairs']!.status).toBe('error');
      expect(s.strategies!.status).toBe('error');
      expect(s.strategies!.notes[0]).toMatch(/truncated/);
      expect(s.run!.status).toBe('ok'); // falls back to the first run directory by name
      expect(s.evaluations!.status).toBe('ok');
      expect(s.evaluations!.notes.join(' ')).toMatch(/deterministic\/evaluation\.json could not be read/);
    });

    it('one run directory given directly, and the output of ring run --detailed-logging', async () => {
      const dir = join(root, 'single');
      await ring([
        'run',
        '--profile',
        'paper2025',
        '--kappa',
        '1',
        '--concentration',
        '5',
        '--mu',
        '1',
        '--outside-mid-ratio',
        '0.9',
        '--detailed-logging',
        '--out',
        dir,
      ]);
      const j = JSON.parse((await ring(['report', dir, '--json'])).out) as { sections: { id: string; status: string; charts: string[] }[] };
      const s = Object.fromEntries(j.sections.map((x) => [x.id, x]));
      expect(s.run!.status).toBe('ok');
      expect(s.run!.charts).toEqual(['chart-run-inventory', 'chart-run-debt']);
      const runDir = join(dir, 'runs', readdirSync(join(dir, 'runs')).sort()[0]!);
      const k = JSON.parse((await ring(['report', runDir, '--out', join(root, 'one-run.html'), '--json'])).out) as {
        sections: { id: string; status: string }[];
      };
      const t = Object.fromEntries(k.sections.map((x) => [x.id, x.status]));
      expect(t).toMatchObject({ run: 'ok', 'trading-effect': 'missing', strategies: 'missing', evaluations: 'missing' });
    });
  });

  describe('not a run or sweep directory: a typed error naming the path, exit code 2, nothing written', () => {
    it.each([
      ['a path that does not exist', () => join(root, 'nope'), /nope: no such directory/],
      ['a file', () => join(full, 'aggregate', 'summary.json'), /summary\.json: not a directory/],
      [
        'an empty directory',
        () => {
          const d = join(root, 'empty');
          mkdirSync(d, { recursive: true });
          return d;
        },
        /empty: not a ring run or sweep directory/,
      ],
      [
        'a directory of other files',
        () => {
          const d = join(root, 'other');
          mkdirSync(join(d, 'x'), { recursive: true });
          writeFileSync(join(d, 'data.csv'), 'a\n');
          return d;
        },
        /other: not a ring run or sweep directory/,
      ],
    ])('%s', async (_name, make, message) => {
      const dir = make();
      const out = join(root, 'never.html');
      const r = await ring(['report', dir, '--out', out], 2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain(dir);
      expect(r.out).toBe('');
      expect(existsSync(out)).toBe(false);
    });

    it('--run naming a run that is not there', async () => {
      const r = await ring(['report', full, '--run', 'active_000000000000', '--out', join(root, 'never.html')], 2);
      expect(r.err).toContain(join(full, 'runs', 'active_000000000000'));
      expect(r.err).toMatch(/no such run directory \(--run\); runs present: active_/);
    });
  });

  it('escapes text from the file system and keeps the embedded JSON inert', () => {
    const dir = join(root, 'we<i>rd & "dir"');
    cpSync(join(full, 'aggregate'), join(dir, 'aggregate'), { recursive: true });
    const { html } = buildReport(dir);
    expect(html).not.toContain('we<i>rd');
    expect(html).toContain(escapeHtml(dir));
    expect(jsonForScript({ a: '</script><!--' })).toBe('{"a":"\\u003c/script>\\u003c!--"}');
    expect(JSON.parse(jsonForScript({ a: '</script>\u2028' }))).toEqual({ a: '</script>\u2028' });
  });
});
