/**
 * Is a proposed trader policy cheaper than the default rules, and are we sure? Bootstrap-mode
 * comparisons run both policies on the same random rings (common random numbers), so the paired
 * cost deltas isolate the policy change; the acceptance rule then demands a CI above zero.
 *
 *   pnpm --filter @ring/examples exec tsx policy-comparison.ts [OUT_DIR]
 *
 * Writes evaluation.json and evaluation_agents.csv per proposal to OUT_DIR (default: a temp dir).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_POLICY,
  buildEvaluationRecord,
  comparePolicies,
  comparisonId,
  decideAcceptance,
  parsePolicyDocument,
} from '@ring/policy-eval';
import type { ComparePoliciesOptions, PolicyDocumentInput } from '@ring/policy-eval';
import { readEvaluationRecord, writeEvaluationFiles } from '@ring/export';

const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ring-policy-comparison-'));

function check(ok: boolean, what: string): void {
  if (!ok) {
    console.error(`policy-comparison: FAIL: ${what}`);
    process.exit(1);
  }
}

// A 30-trader ring keeps each comparison under a second; grace days make late payment possible,
// so policies differ in delay cost and not only in defaults.
const scenario = {
  profile: 'spec',
  seed: 42,
  nAgents: 30,
  allowSmallRing: true,
  kappa: '1',
  concentration: '1',
  mu: '0.5',
  graceDays: 2,
} as const;
const SAMPLES = 20;
const proposals: PolicyDocumentInput[] = [
  { policy_id: 'sell_2_days_ahead', parameters: { sellHorizonDays: 2 } },
  { policy_id: 'sell_5_days_ahead', parameters: { sellHorizonDays: 5 } },
];
const acceptance = { requireStatisticalSignificance: true } as const;

const money = (cents: bigint) =>
  `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;

// A placebo first: the default policy against itself must give a zero delta in every sample. If
// not, the two arms did not share their random draws and no comparison below could be trusted.
const placebo = comparePolicies({ scenario, oldPolicy: DEFAULT_POLICY, newPolicy: DEFAULT_POLICY, mode: 'bootstrap', samples: 5 });
check(
  placebo.sample_results.every((s) => s.delta === 0n),
  'placebo: identical policies must cost the same on every sample',
);

console.log(
  `spec ring, N=${scenario.nAgents}, κ=${scenario.kappa}, grace ${scenario.graceDays} days; old policy: default rules; ` +
    `bootstrap, ${SAMPLES} paired samples; costs are system totals per run`,
);
for (const proposal of proposals) {
  const options: ComparePoliciesOptions = { scenario, oldPolicy: DEFAULT_POLICY, newPolicy: proposal, mode: 'bootstrap', samples: SAMPLES };
  const ev = comparePolicies(options);
  const decision = decideAcceptance(ev, acceptance);

  const s = ev.sample_results;
  check(s.length === SAMPLES && new Set(s.map((r) => r.seed)).size === SAMPLES, 'one distinct seed per sample');
  check(
    s.every((r) => r.delta === r.old_cost - r.new_cost),
    'each sample delta is old cost − new cost',
  );
  check(ev.delta_sum === s.reduce((a, r) => a + r.delta, 0n), 'delta_sum is the sum of the paired deltas');
  const ci = ev.delta_ci_95;
  check(ci !== null && ci[0] <= ev.mean_delta && ev.mean_delta <= ci[1], 'the delta CI contains the mean delta');
  check(
    decision.accepted === (ev.delta_sum > 0n && ci![0] > 0n && ev.default_rate <= ev.old_default_rate),
    `acceptance (${decision.reason}) disagrees with the CI and default guard`,
  );

  console.log(`\n  ${proposal.policy_id}  (${JSON.stringify(proposal.parameters)})`);
  console.log(`    mean cost     old ${money(ev.mean_old_cost)}   new ${money(ev.mean_new_cost)}   saving ${money(ev.mean_delta)} per run`);
  console.log(`    95% CI of the saving (t, paired): [${money(ci![0])}, ${money(ci![1])}]`);
  console.log(`    default rate  old ${ev.old_default_rate.toFixed(4)}   new ${ev.default_rate.toFixed(4)}`);
  console.log(`    decision: ${decision.accepted ? 'ACCEPT' : 'reject'} — ${decision.reason}`);

  // The record of docs/policy-eval.md §11, as an optimisation loop would persist it.
  const dir = join(outDir, proposal.policy_id!);
  const record = buildEvaluationRecord({
    evaluation: ev,
    decision,
    proposedPolicy: parsePolicyDocument(proposal),
    runId: comparisonId(options),
    timestamp: '2025-01-01T00:00:00Z',
  });
  const files = writeEvaluationFiles(dir, record);
  check(readEvaluationRecord(files.json).evaluation.delta_sum === ev.delta_sum, `${files.json} does not read back`);
  console.log(`    record: ${dir}/`);
}
