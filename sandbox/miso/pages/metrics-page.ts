import type { LibraryAliquotDto, QcNodeDto, RunLibraryQcStatus } from '../../../lib/miso/schema';
import { attr, html, scriptJson, type Html } from '../html';
import { effectiveStatus, formatMetricValue, metricPassed, MetricsScriptError, thresholdLabel } from '../metric-format';
import type { RequestedMetric } from '../metrics-request';
import type { MisoUser } from '../sessions';
import { layout } from './layout';

// runLibraryMetrics.jsp (docs/qc-in-miso.md#run-library-metrics-page, docs/qc-in-miso.md#run-library-qc-statuses, docs/qc-in-miso.md#qc-status-writes, seed 002). MISO builds the table in the browser from the
// `RunLibraryMetrics.buildTable(<rows>, <isRunReviewer>)` argument; the sandbox renders the same
// table on the server too, and /scripts/runLibraryMetrics.js wires up the controls.

export interface MetricsRow {
  libraryAliquot: LibraryAliquotDto & Record<string, unknown>;
  metrics: RequestedMetric[];
  qcNodes: QcNodeDto[];
  /** Cardea's id for the row, `{runId}_{lane}_LDI{aliquotId}`: a stable hook for tests. */
  runLibraryId: string;
}

export interface MetricsPageInput {
  rows: MetricsRow[];
  user: MisoUser;
  isRunReviewer: boolean;
  statuses: RunLibraryQcStatus[];
  hostileCss: boolean;
}

const REVIEW_OPTIONS: [string, string][] = [
  ['', 'Pending'],
  ['true', 'Pass'],
  ['false', 'Fail'],
];
const boolValue = (v: boolean | null) => (v === null ? '' : String(v));

function metricCell(metrics: RequestedMetric[]): Html {
  if (metrics.length === 0) return html`<td class="na">N/A</td>`;
  const failed = metrics.some((m) => !metricPassed(m));
  const parts = metrics.map(
    (m) =>
      html`<div class="value">${formatMetricValue(m)}</div><div class="threshold"> (threshold: ${thresholdLabel(m)})</div>`,
  );
  return html`<td${failed ? html` class="failed"` : ''}>${parts}</td>`;
}

/** The QC Status cell with the run-library (last node) chosen, as the page script first draws it. */
function qcCell(nodes: QcNodeDto[], statuses: RunLibraryQcStatus[], isRunReviewer: boolean): Html {
  const last = nodes.length - 1;
  const runLibrary = nodes[last];
  const nodeOptions = nodes.map(
    (n, i) => html`<option value="${i}"${attr('selected', i === last)}>${n.typeLabel} ${n.label}</option>`,
  );
  const statusOptions = [
    html`<option value="0"${attr('selected', runLibrary.qcStatusId === null)}>Pending</option>`,
    ...statuses.map(
      (s) => html`<option value="${s.id}"${attr('selected', s.id === runLibrary.qcStatusId)}>${s.description}</option>`,
    ),
  ];
  const reviewOptions = REVIEW_OPTIONS.map(
    ([value, label]) =>
      html`<option value="${value}"${attr('selected', value === boolValue(runLibrary.dataReview))}>${label}</option>`,
  );
  const reviewDisabled = !isRunReviewer || runLibrary.qcStatusId === null;
  return html`<td class="qcCell"><table class="qcControls">
<tr><td>Item:</td><td><select class="nodeSelect">${nodeOptions}</select></td></tr>
<tr><td>Name:</td><td><span class="nodeName">n/a</span></td></tr>
<tr><td>Status:</td><td><select class="statusSelect">${statusOptions}</select></td></tr>
<tr><td>Note:</td><td><input type="text" class="noteInput" value="${runLibrary.qcNote ?? ''}"></td></tr>
<tr><td>Data Review:</td><td><select class="dataReviewSelect"${attr('disabled', reviewDisabled)}>${reviewOptions}</select></td></tr>
<tr><td></td><td><button type="button" class="applyButton">Apply</button></td></tr>
</table></td>`;
}

function table(input: MetricsPageInput): Html {
  const titles = [...new Set(input.rows.flatMap((r) => r.metrics.map((m) => m.title)))];
  const head = html`<thead><tr><th>Library Aliquot</th>${titles.map((t) => html`<th>${t}</th>`)}<th>Effective QC Status</th><th>QC Status</th></tr></thead>`;
  let body: Html[];
  try {
    body = input.rows.map((row, i) => {
      const effective = effectiveStatus(row.qcNodes);
      return html`<tr data-row-index="${i}" data-run-library="${row.runLibraryId}"><td class="aliquotAlias">${row.libraryAliquot.alias}</td>
${titles.map((title) => metricCell(row.metrics.filter((m) => m.title === title)))}
<td class="effectiveQc${effective.failed ? ' failed' : ''}">${effective.text}</td>
${qcCell(row.qcNodes, input.statuses, input.isRunReviewer)}</tr>`;
    });
  } catch (error) {
    if (!(error instanceof MetricsScriptError)) throw error;
    body = [];
  }
  return html`<table id="metricsTable" class="display">${head}<tbody>${body}</tbody></table>`;
}

function dialogs(input: MetricsPageInput): Html {
  const statusOptions = [
    html`<option value="0">Pending</option>`,
    ...input.statuses.map((s) => html`<option value="${s.id}">${s.description}</option>`),
  ];
  const qcAll = html`<div id="qcAllDialog" class="dialog" role="dialog" aria-modal="true" aria-labelledby="qcAllDialogTitle" hidden>
<h2 id="qcAllDialogTitle">QC All Run-Libraries</h2>
<p><label for="qcAllStatus">Status</label> <select id="qcAllStatus">${statusOptions}</select></p>
<p><label for="qcAllNote">Note</label> <input type="text" id="qcAllNote"></p>
<p><button type="button" id="qcAllApply">Apply</button> <button type="button" id="qcAllCancel">Cancel</button></p>
</div>`;
  const reviewAll = html`<div id="reviewAllDialog" class="dialog" role="dialog" aria-modal="true" aria-labelledby="reviewAllDialogTitle" hidden>
<h2 id="reviewAllDialogTitle">Review All Run-Libraries</h2>
<p><label for="reviewAllDataReview">Data Review</label> <select id="reviewAllDataReview">${REVIEW_OPTIONS.map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select></p>
<p><button type="button" id="reviewAllApply">Apply</button> <button type="button" id="reviewAllCancel">Cancel</button></p>
</div>`;
  return html`${qcAll}${input.isRunReviewer ? reviewAll : ''}`;
}

export function metricsPage(input: MetricsPageInput): string {
  const button = (id: string, call: string, label: string) =>
    html`<span id="${id}" class="ui-button ui-state-default" role="button" tabindex="0" onclick="${call}">${label}</span>`;
  const rows = input.rows.map(({ libraryAliquot, metrics, qcNodes }) => ({ libraryAliquot, metrics, qcNodes }));
  return layout({
    title: 'Run-Library Metrics',
    user: input.user,
    hostileCss: input.hostileCss,
    scripts: ['/scripts/runLibraryMetrics.js'],
    body: html`<h1>Run-Library Metrics</h1>
<div class="fg-toolbar ui-widget-header ui-helper-clearfix">
${button('qcAllButton', 'RunLibraryMetrics.showQcAllDialog()', 'QC All Run-Libraries')}
${input.isRunReviewer && button('reviewAllButton', 'RunLibraryMetrics.showReviewAllDialog()', 'Review All Run-Libraries')}
${button('saveAllButton', 'RunLibraryMetrics.saveAll()', 'Save All')}
</div>
${table(input)}
<div id="metricsMessage" role="status" aria-live="polite"></div>
${dialogs(input)}
<script>RunLibraryMetrics.buildTable(${scriptJson(rows)}, ${input.isRunReviewer ? 'true' : 'false'});</script>`,
  });
}
