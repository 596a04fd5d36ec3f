import type { Command } from 'commander';
import { defaultReportPath, writeReport } from '../report/index';
import type { CliIO } from '../io';

interface ReportFlags {
  out?: string;
  run?: string;
  json?: boolean;
}

/** Register `ring report`. */
export function registerReport(program: Command, io: CliIO): Command {
  return program
    .command('report')
    .description('turn a run, sweep or evaluation directory into one self-contained HTML file with charts (viewable offline)')
    .argument('<dir>', 'output directory of ring sweep, ring run --detailed-logging or ring compare --out')
    .option('--out <file>', 'HTML file to write (default: DIR/report.html)')
    .option('--run <run_id>', "run whose inventory and debt are charted (default: the first pair's active run)")
    .option('--json', 'print what was written as one JSON object', false)
    .action((dir: string, flags: ReportFlags) => {
      const out = flags.out ?? defaultReportPath(dir);
      const r = writeReport(dir, out, flags.run === undefined ? {} : { runId: flags.run });
      const sections = r.model.sections.map((s) => ({
        id: s.id,
        title: s.title,
        status: s.status,
        charts: s.charts.map((c) => c.id),
        notes: s.notes,
      }));
      const charts = sections.reduce((n, s) => n + s.charts.length, 0);
      if (flags.json) {
        io.stdout(`${JSON.stringify({ out, bytes: r.bytes, charts, sections })}\n`);
        return;
      }
      const lines = [
        `ring report — ${charts} chart${charts === 1 ? '' : 's'} → ${out} (${(r.bytes / 1024).toFixed(0)} KiB, self-contained)`,
      ];
      for (const s of r.model.sections) {
        if (s.status !== 'ok') lines.push(`  ${s.title}: ${s.notes[0] ?? s.status}`);
      }
      io.stdout(`${lines.join('\n')}\n`);
    });
}
