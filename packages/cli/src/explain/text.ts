import type { Explanation, PairExplanation } from '@ring/explain';
import { NO_DIFFERENCE_REASONS } from '@ring/explain';

/** A decimal string as a short number for text (4 decimals), or – when absent. */
const short = (x: string | null | undefined): string => {
  if (x === null || x === undefined) return '–';
  const n = Number(Number(x).toFixed(4));
  return Object.is(n, -0) ? '0' : String(n);
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function liabilityLine(e: Explanation['totals']['liabilities'] | PairExplanation['liabilities']): string {
  const c = (k: keyof typeof e, label: string) => `${label} ${e[k].count} (face ${e[k].face})`;
  return [
    c('saved', 'saved'),
    c('harmed', 'harmed'),
    c('settled_both', 'settled in both'),
    c('defaulted_both', 'defaulted in both'),
    c('passive_only', 'passive only'),
    c('active_only', 'active only'),
  ].join(' · ');
}

/** The lines about one pair (a run directory). */
function pairLines(p: PairExplanation): string[] {
  const lines = [
    `  pair ${p.pair_id ?? '–'} (${p.profile ?? '–'}): δ passive ${short(p.delta_passive)} → active ${short(p.delta_active)}, Δ ${short(p.trading_effect)} (${p.effect_class ?? 'undetermined'}), ${plural(p.total_trades ?? 0, 'trade')}`,
    `  liabilities: ${liabilityLine(p.liabilities)}; total face ${p.total_face ?? '–'}`,
  ];
  const linked = (kind: string, ls: PairExplanation['saved']) => {
    for (const l of ls.slice(0, 10))
      lines.push(
        `    ${kind} ${l.liability_id} (${l.debtor}, face ${l.face}, due day ${l.due_day})${l.trades.length > 0 ? ` — trades ${l.trades.join(', ')}` : ' — no trade touched it'}`,
      );
    if (ls.length > 10) lines.push(`    … ${ls.length - 10} more ${kind}`);
  };
  linked('saved', p.saved);
  linked('harmed', p.harmed);
  lines.push(`  defaulters (active arm): ${p.defaulters}, of whom ${p.defaulters_who_traded} traded; passive arm: ${p.defaulters_passive}`);
  if (p.no_difference_reason) lines.push(`  why no difference: ${p.no_difference_reason} — ${p.no_difference_detail}`);
  return lines;
}

/** The readable summary `ring explain DIR` prints. */
export function explanationText(dir: string, kind: 'sweep' | 'run', e: Explanation): string {
  const profiles = [...new Set(e.pairs.map((p) => p.profile ?? '–'))].join(', ');
  const t = e.totals;
  const lines = [`ring explain — ${dir}: ${plural(t.pairs, 'pair')}, profile ${profiles} (${kind} directory)`];
  if (e.pairs.length === 1) lines.push(...pairLines(e.pairs[0]!));
  else {
    lines.push(
      `  Δ > 0 in ${t.improved}, Δ = 0 in ${t.unchanged}, Δ < 0 in ${t.worsened} pairs${t.undetermined > 0 ? ` (${t.undetermined} undetermined)` : ''}`,
      `  liabilities over all pairs: ${liabilityLine(t.liabilities)}`,
    );
    if (t.unchanged > 0) {
      lines.push(`  why Δ = 0 (${plural(t.unchanged, 'pair')}):`);
      for (const code of NO_DIFFERENCE_REASONS) {
        const n = t.no_difference[code];
        if (n === 0) continue;
        const example = e.pairs.find((p) => p.no_difference_reason === code)!;
        lines.push(`    ${pad(code, 24)} ${String(n).padStart(5)}   e.g. ${example.pair_id}: ${example.no_difference_detail}`);
      }
    }
  }
  if (e.by_initial_liquidity.length > 0) {
    lines.push(
      `  default rate by initial cash/debt (${e.liquidity_buckets === 'fixed' ? 'fixed buckets' : 'quintiles'}; passive → active):`,
    );
    for (const b of e.by_initial_liquidity) {
      const range = b.ratio_min === null ? '' : ` [${short(b.ratio_min)}, ${short(b.ratio_max)}]`;
      lines.push(
        `    ${pad(`${b.bucket}${range}`, 26)} ${String(b.traders).padStart(5)} traders   ${short(b.default_rate_passive)} → ${short(b.default_rate_active)}`,
      );
    }
  }
  const active = e.strategies.filter((s) => s.regime === 'active' && s.liabilities > 0);
  if (active.length > 0) {
    lines.push('  strategies of the active arm (docs/instrumentation.md §3; liabilities due by each run’s last day):');
    for (const s of active)
      lines.push(
        `    ${pad(s.strategy, 18)} ${String(s.liabilities).padStart(6)} liabilities, face ${s.face}, default rate ${short(s.default_rate)}`,
      );
  }
  if (e.horizons.length > 0) {
    const pairsWithDealer = new Set(e.horizons.filter((h) => h.dealer_inventory_face !== '0').map((h) => h.pair_id)).size;
    lines.push(
      `  horizons: ${e.horizons.length} pair-days; the dealers held inventory in ${plural(pairsWithDealer, 'pair')} of ${t.pairs}`,
    );
  }
  for (const m of e.missing) lines.push(`  missing: ${m.part} — ${m.file} absent in ${plural(m.runs, 'run')}: ${m.reason}`);
  lines.push('  every number per pair: ring explain DIR --json');
  return `${lines.join('\n')}\n`;
}
