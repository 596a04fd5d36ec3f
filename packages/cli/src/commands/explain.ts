import type { Command } from 'commander';
import { explainSweep } from '@ring/explain';
import { checkOutputFile, writeFileAtomic } from '@ring/export';
import { findPairs, pairRows } from '../explain/load';
import { explanationText } from '../explain/text';
import type { CliIO } from '../io';

interface ExplainFlags {
  json?: boolean;
  out?: string;
}

/**
 * Explain DIR: every pair's paired outcome attribution and no-difference reason, default rates by
 * initial liquidity (fixed buckets for one pair, quintiles for a sweep), strategies and horizons.
 */
export function explainDirectory(dir: string) {
  const source = findPairs(dir);
  const sweep = source.kind === 'sweep' || source.pairs.length > 1;
  return { source, explanation: explainSweep(pairRows(source), { liquidityBuckets: sweep ? 'quantile' : 'fixed' }) };
}

/** Register `ring explain`. */
export function registerExplain(program: Command, io: CliIO): Command {
  return program
    .command('explain')
    .description(
      'why trading helped or did not: saved/harmed liabilities, reasons for no-difference pairs, strategies, horizons, initial liquidity',
    )
    .argument('<dir>', 'output directory of `ring run --detailed-logging --out DIR` or `ring sweep … --detailed-logging --out DIR`')
    .option('--json', 'print one JSON object instead of text', false)
    .option('--out <file>', 'also write the JSON object to FILE')
    .action((dir: string, flags: ExplainFlags) => {
      if (flags.out) checkOutputFile(flags.out);
      const { source, explanation } = explainDirectory(dir);
      const json = `${JSON.stringify(explanation)}\n`;
      if (flags.out) writeFileAtomic(flags.out, json);
      io.stdout(flags.json ? json : explanationText(dir, source.kind, explanation));
    });
}
