import type { InlineLibrary } from './chartjs';
import { scriptSafe } from './chartjs';
import type { ChartSpec, ReportModel, ReportSection, TableSpec } from './model';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON for a `<script type="application/json">` element (no `<`, so no `</script>` or `<!--`). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline text with `code` spans for back-quoted words. */
const prose = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const STATUS_TEXT: Record<ReportSection['status'], string> = {
  ok: '',
  missing: 'input missing',
  error: 'input unreadable',
  empty: 'no data',
};

const CSS = `
:root { color-scheme: light; --fg: #111827; --muted: #4b5563; --line: #e5e7eb; --bg: #ffffff; --panel: #f9fafb; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
nav { padding: 8px 32px; border-bottom: 1px solid var(--line); background: var(--panel); }
nav a { margin-right: 16px; color: var(--accent); text-decoration: none; }
nav a .badge { margin-left: 4px; }
main { padding: 8px 32px 32px; max-width: 1400px; }
section { padding: 12px 0 20px; border-bottom: 1px solid var(--line); }
section h2 { font-size: 18px; margin: 8px 0 4px; }
section > p.intro { margin: 0 0 8px; color: var(--muted); max-width: 100ch; }
.note { margin: 6px 0; padding: 8px 12px; background: #fffbeb; border-left: 3px solid #f59e0b; max-width: 120ch; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #fee2e2; color: #991b1b; vertical-align: middle; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; margin: 8px 0; }
figure { margin: 0; padding: 8px 12px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
figure h3 { margin: 0 0 2px; font-size: 14px; }
figcaption { color: var(--muted); font-size: 12px; margin-bottom: 6px; }
.chart-box { position: relative; height: 340px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 12px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--panel); }
details { margin: 8px 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
footer { padding: 12px 32px 24px; color: var(--muted); font-size: 12px; }
`;

/**
 * The page's own script: builds every chart from the embedded data and records, for tests and
 * for anyone curious, what was drawn (`window.__ringReport`).
 */
const CLIENT = `
(function () {
  'use strict';
  var state = { done: false, charts: [], errors: [] };
  window.__ringReport = state;
  var data = JSON.parse(document.getElementById('ring-report-data').textContent);
  if (typeof Chart === 'undefined') { state.errors.push('Chart.js did not load'); state.done = true; throw new Error('Chart.js did not load'); }
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  data.charts.forEach(function (spec) {
    try {
      var config = spec.config;
      if (spec.pointLabels) {
        config.options = config.options || {};
        config.options.plugins = config.options.plugins || {};
        config.options.plugins.tooltip = {
          callbacks: {
            label: function (ctx) {
              var l = spec.pointLabels[ctx.datasetIndex];
              var head = l && l[ctx.dataIndex] ? l[ctx.dataIndex] + ': ' : ctx.dataset.label + ': ';
              return head + '(' + ctx.parsed.x.toFixed(4) + ', ' + ctx.parsed.y.toFixed(4) + ')';
            }
          }
        };
      }
      var canvas = document.getElementById(spec.id);
      var chart = new Chart(canvas, config);
      var drawn = 0;
      chart.data.datasets.forEach(function (ds, i) {
        var elements = chart.getDatasetMeta(i).data;
        (ds.data || []).forEach(function (v, j) {
          var el = elements[j];
          if (v !== null && v !== undefined && el && !el.skip && isFinite(el.x) && isFinite(el.y)) drawn++;
        });
      });
      state.charts.push({ id: spec.id, expected: spec.points, drawn: drawn, width: canvas.width, height: canvas.height });
    } catch (e) {
      state.errors.push(spec.id + ': ' + (e && e.message ? e.message : String(e)));
      if (window.console) console.error('ring report: chart ' + spec.id + ' failed', e);
    }
  });
  state.done = true;
  document.documentElement.setAttribute('data-report-ready', state.errors.length === 0 ? 'ok' : 'errors');
})();
`;

function table(t: TableSpec): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figure(c: ChartSpec): string {
  return (
    `<figure data-chart-id="${escapeHtml(c.id)}"><h3>${escapeHtml(c.title)}</h3><figcaption>${escapeHtml(c.caption)}</figcaption>` +
    `<div class="chart-box"><canvas id="${escapeHtml(c.id)}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div></figure>`
  );
}

function sectionHtml(s: ReportSection): string {
  const badge = s.status === 'ok' ? '' : ` <span class="badge">${STATUS_TEXT[s.status]}</span>`;
  const parts = [
    `<section id="${escapeHtml(s.id)}" data-status="${s.status}">`,
    `<h2>${escapeHtml(s.title)}${badge}</h2>`,
    `<p class="intro">${prose(s.intro)}</p>`,
    ...s.notes.map((n) => `<p class="note">${prose(n)}</p>`),
  ];
  if (s.charts.length > 0) parts.push(`<div class="charts">\n${s.charts.map(figure).join('\n')}\n</div>`);
  for (const t of s.tables) {
    // The overview table is short and shown open; data tables are folded.
    parts.push(
      s.id === 'overview' ? table(t) : `<details><summary>${escapeHtml(t.caption)} (${t.rows.length} rows)</summary>${table(t)}</details>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * The whole report as one HTML document: styles, data and the charting library are inline, and
 * a Content-Security-Policy forbids every fetch, so the page works offline and from `file://`.
 * Deterministic: the same model and library give the same bytes.
 */
export function renderReportHtml(model: ReportModel, lib: InlineLibrary): string {
  const charts = model.sections.flatMap((s) => s.charts);
  const nav = model.sections
    .map(
      (s) =>
        `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}${s.status === 'ok' ? '' : ` <span class="badge">${STATUS_TEXT[s.status]}</span>`}</a>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'">
<meta name="generator" content="ring report">
<title>${escapeHtml(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<p>${escapeHtml(model.dir)} — ${escapeHtml(model.kinds.join(', '))} · ${charts.length} chart${charts.length === 1 ? '' : 's'}</p>
</header>
<nav>${nav}</nav>
<main>
<noscript><p class="note">The charts need JavaScript; the tables below are complete without it.</p></noscript>
${model.sections.map(sectionHtml).join('\n')}
</main>
<footer>Generated by <code>ring report</code>. Charts drawn with ${escapeHtml(lib.name)} ${escapeHtml(lib.version)} (${escapeHtml(lib.license)} licence), included in this file.</footer>
<script type="application/json" id="ring-report-data">${jsonForScript({ charts: charts.map((c) => ({ id: c.id, points: c.points, config: c.config, ...(c.pointLabels ? { pointLabels: c.pointLabels } : {}) })) })}</script>
<script>${lib.source}</script>
<script>${scriptSafe(CLIENT)}</script>
</body>
</html>
`;
}
