import { join } from 'node:path';
import { checkOutputFile, writeFileAtomic } from '@ring/export';
import { chartJsLibrary } from './chartjs';
import { renderReportHtml } from './html';
import { loadReportInputs } from './load';
import type { ReportInputs } from './load';
import { buildReportModel } from './model';
import type { ReportModel } from './model';

export { ReportInputError, loadReportInputs } from './load';
export type { Loaded, LoadedEvaluation, ReportInputs, RunSeries } from './load';
export { buildReportModel } from './model';
export type { ChartConfig, ChartSpec, ReportModel, ReportSection, TableSpec } from './model';
export { renderReportHtml, escapeHtml, jsonForScript } from './html';
export { chartJsLibrary } from './chartjs';
export type { InlineLibrary } from './chartjs';

/** Options of {@link buildReport} and {@link writeReport}. */
export interface ReportOptions {
  /** Run whose time series are charted (default: the first pair's active run, else the first run directory). */
  readonly runId?: string;
}

/** Read DIR and render the report: the page's HTML and the model it shows. Nothing is written. */
export function buildReport(dir: string, options: ReportOptions = {}): { html: string; model: ReportModel } {
  return render(loadInputs(dir, options));
}

const loadInputs = (dir: string, options: ReportOptions) =>
  loadReportInputs(dir, options.runId === undefined ? {} : { runId: options.runId });

function render(inputs: ReportInputs): { html: string; model: ReportModel } {
  const model = buildReportModel(inputs);
  return { html: renderReportHtml(model, chartJsLibrary()), model };
}

/** Default output path of `ring report DIR`. */
export const defaultReportPath = (dir: string): string => join(dir, 'report.html');

/**
 * Build the report of DIR and write it atomically (temporary file + rename) to `out`. DIR is
 * checked first, then `out` (not a directory, its folder writable), then the page is built.
 */
export function writeReport(
  dir: string,
  out: string = defaultReportPath(dir),
  options: ReportOptions = {},
): { out: string; model: ReportModel; bytes: number } {
  const inputs = loadInputs(dir, options);
  checkOutputFile(out);
  const { html, model } = render(inputs);
  writeFileAtomic(out, html);
  return { out, model, bytes: Buffer.byteLength(html, 'utf8') };
}
