import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COST_KEYS } from '@ring/metrics';
import { DEFAULT_POLICY, PASSIVE_POLICY, evaluatePolicyProposal } from '@ring/policy-eval';
import type { PolicyEvaluationRecord } from '@ring/policy-eval';
import {
  EVALUATION_AGENT_COLUMNS,
  evaluationAgentRows,
  evaluationRecordJson,
  readEvaluationAgentsCsv,
  readEvaluationRecord,
  writeEvaluationFiles,
  writeEvaluationRecord,
} from './evaluation';
import { FileFormatError } from './errors';

const scenario = { seed: 3, nAgents: 6, allowSmallRing: true, kappa: '2', concentration: '1', mu: '0.5', graceDays: 1 };
const det = evaluatePolicyProposal({
  scenario,
  oldPolicy: PASSIVE_POLICY,
  newPolicy: DEFAULT_POLICY,
  timestamp: '2026-01-01T00:00:00.000Z',
});
const boot = evaluatePolicyProposal({
  scenario,
  oldPolicy: PASSIVE_POLICY,
  newPolicy: { policy_id: 'p', parameters: { sellHorizonDays: 2 } },
  mode: 'bootstrap',
  samples: 3,
  scope: 'focal_agent',
  focalAgent: 'H4',
  timestamp: '2026-01-01T00:00:00.000Z',
});
const dir = () => mkdtempSync(join(tmpdir(), 'ring-eval-'));

describe('evaluation records as JSON', () => {
  it('round-trip every field of both modes (PR-01 … PR-08): bigints, null and {} preserved', () => {
    for (const r of [det, boot]) {
      const p = join(dir(), 'e.json');
      writeEvaluationRecord(p, r);
      expect(readEvaluationRecord(p)).toEqual(r);
    }
    const back = readEvaluationRecord(writeEvaluationFiles(dir(), det).json);
    expect(back.sample_details).toBeNull();
    expect(back.evaluation.cost_std_dev).toBeNull();
    expect((back.proposed_policy as { parameters: object }).parameters).toEqual({});
  });
  it('sorted keys; identical inputs give identical bytes apart from the timestamp (CV-03)', () => {
    const again = evaluatePolicyProposal({
      scenario,
      oldPolicy: PASSIVE_POLICY,
      newPolicy: DEFAULT_POLICY,
      timestamp: '2027-12-31T23:59:59.999Z',
    });
    const a = evaluationRecordJson(det);
    const b = evaluationRecordJson(again);
    expect(a).not.toBe(b);
    expect(a.replace(det.timestamp, 'T')).toBe(b.replace(again.timestamp, 'T'));
    const keys = Object.keys(JSON.parse(a));
    expect(keys).toEqual([...keys].sort());
    expect(a.endsWith('\n')).toBe(true);
    expect(JSON.parse(a).evaluation.mean_new_cost).toBe(det.evaluation.mean_new_cost.toString());
  });
  it('EC-08: money near 2^63 survives the file', () => {
    const huge: PolicyEvaluationRecord = {
      ...det,
      old_cost: 2n ** 63n - 1n,
      new_cost: -(2n ** 63n),
      context_simulation_cost: 2n ** 63n - 2n,
    };
    const p = join(dir(), 'huge.json');
    writeEvaluationRecord(p, huge);
    expect(readFileSync(p, 'utf8')).toContain('"9223372036854775807"');
    expect(readEvaluationRecord(p)).toEqual(huge);
  });
  it('malformed files are rejected naming the file and the field', () => {
    const d = dir();
    const p = join(d, 'bad.json');
    const j = JSON.parse(evaluationRecordJson(det));
    j.old_cost = 1.5;
    writeFileSync(p, JSON.stringify(j));
    expect(() => readEvaluationRecord(p)).toThrow(FileFormatError);
    expect(() => readEvaluationRecord(p)).toThrow(/old_cost/);
    writeFileSync(p, '{');
    expect(() => readEvaluationRecord(p)).toThrow(/not JSON/);
    expect(() => readEvaluationRecord(join(d, 'missing.json'))).toThrow(/file not found/);
  });
});

describe('per-(evaluation, agent) CSV', () => {
  it("one row per trader with the evaluation key, decision and that trader's figures", () => {
    const { agentsCsv } = writeEvaluationFiles(dir(), boot);
    const rows = readEvaluationAgentsCsv(agentsCsv);
    expect(rows.map((r) => r.agent_id)).toEqual(Object.keys(boot.evaluation.agent_stats));
    expect(rows.every((r) => r.run_id === boot.run_id && r.evaluation_agent_id === 'H4' && r.evaluation_mode === 'bootstrap')).toBe(true);
    expect(rows.filter((r) => r.is_focal === true).map((r) => r.agent_id)).toEqual(['H4']);
    for (const r of rows) {
      const a = boot.evaluation.agent_stats[r.agent_id as string]!;
      expect(BigInt(r.cost as string)).toBe(a.cost);
      expect(BigInt(r.std_dev as string)).toBe(a.std_dev);
      expect(r.settlement_rate).toBe(a.settlement_rate);
      for (const k of COST_KEYS) expect(BigInt(r[k] as string)).toBe(a.cost_breakdown[k]);
    }
    // typed reads: the rows read back are the rows written
    expect(rows).toEqual(evaluationAgentRows(boot));
  });
  it('deterministic rows: Σ cost = system cost; statistics empty (null)', () => {
    const rows = evaluationAgentRows(det);
    expect(rows.reduce((s, r) => s + BigInt(r.cost as string), 0n)).toBe(det.evaluation.system_cost);
    expect(rows.every((r) => r.std_dev === null && r.ci_95_lower === null)).toBe(true);
    const { agentsCsv } = writeEvaluationFiles(dir(), det);
    const text = readFileSync(agentsCsv, 'utf8');
    expect(text.split('\n')[0]).toBe(EVALUATION_AGENT_COLUMNS.join(','));
    expect(readEvaluationAgentsCsv(agentsCsv).every((r) => r.std_dev === null)).toBe(true);
  });
});
