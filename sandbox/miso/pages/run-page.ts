import type { RunLibraryQcStatus } from '../../../lib/miso/schema';
import { attr, html, scriptJson, type Html } from '../html';
import type { MisoRun } from '../model';
import { isRunReviewer, type MisoUser } from '../sessions';
import type { ChangeLogEntry, MisoState } from '../state';
import { HEALTH_TYPES, PARTITION_QC_TYPES } from '../type-data';
import { layout } from './layout';

// editRun.jsp (docs/qc-in-miso.md#reading-misos-run-page). MISO renders the form and the lists in the browser from the
// inline JSON; the sandbox renders the same elements on the server and keeps the inline calls, so
// both content scripts that read the DOM and those that parse the JSON find what they expect.

const reviewLabel = (v: boolean | null) => (v === null ? 'Pending' : v ? 'Pass' : 'Fail');
const reviewMark = (v: boolean | null) => (v === null ? '?' : v ? '✔' : '✘');
const boolValue = (v: boolean | null) => (v === null ? '' : String(v));

function row(label: string, control: Html): Html {
  return html`<tr><td class="h">${label}</td><td>${control}</td></tr>`;
}

function options(values: [string, string][], selected: string): Html[] {
  return values.map(
    ([value, label]) => html`<option value="${value}"${attr('selected', value === selected)}>${label}</option>`,
  );
}

function runForm(miso: MisoState, run: MisoRun, user: MisoUser): Html {
  const dto = miso.runDto(run);
  const reviewer = isRunReviewer(user);
  const qcOptions: [string, string][] = [
    ['', 'Not Ready'],
    ['true', 'Ready'],
    ['false', 'Failed'],
  ];
  const reviewOptions: [string, string][] = [
    ['', 'Pending'],
    ['true', 'Pass'],
    ['false', 'Fail'],
  ];
  const dataReview = reviewer
    ? html`<select id="runForm_dataReview"${attr('disabled', dto.qcPassed === null)}>${options(reviewOptions, boolValue(dto.dataReview))}</select>`
    : html`<input type="hidden" id="runForm_dataReview" value="${boolValue(dto.dataReview)}"><span id="runForm_dataReviewLabel">${reviewLabel(dto.dataReview)}</span>`;
  const illumina = run.platform.name === 'ILLUMINA';
  const formConfig = { isAdmin: user.admin, isRunReviewer: reviewer, sops: [] };
  return html`<form id="runForm" class="miso-form" autocomplete="off">
<div id="runForm_validation" class="validation-box" role="alert" hidden></div>
<h2>Run Information</h2>
<table class="in">
${row('Run ID:', html`<input type="hidden" id="runForm_id" value="${run.id}"><span id="runForm_idLabel">${run.id}</span>`)}
${row('Name:', html`<input type="hidden" id="runForm_name" value="${run.name}"><span id="runForm_nameLabel">${run.name}</span>`)}
${row('Alias:*', html`<input type="text" id="runForm_alias" value="${run.alias}">`)}
${row('Platform:', html`<span id="runForm_platformType">${run.platform.key}</span>`)}
${row('Sequencer:', html`<input type="hidden" id="runForm_instrumentId" value="${run.instrumentId}"><a id="runForm_instrumentIdLabel" href="/instrument/${run.instrumentId}">${run.instrumentName}</a>`)}
${row(
  'Status:*',
  html`<select id="runForm_status">${options(
    HEALTH_TYPES.map((h) => [h.label, h.label]),
    run.health,
  )}</select>`,
)}
${row('Start Date:*', html`<input type="text" id="runForm_startDate" value="${run.startDate ?? ''}">`)}
${row('Completion Date:', html`<input type="text" id="runForm_endDate" value="${run.endDate ?? ''}">`)}
${illumina && row('Number of Cycles:', html`<input type="text" id="runForm_numCycles" value="${dto.numCycles ?? ''}">`)}
${illumina && row('Paired End:', html`<input type="checkbox" id="runForm_pairedEnd"${attr('checked', dto.pairedEnd === true)}>`)}
${row('QC Status:', html`<select id="runForm_qcPassed">${options(qcOptions, boolValue(dto.qcPassed))}</select>`)}
${row('QC User:', html`<span id="runForm_qcUserNameLabel">${dto.qcUserName ?? 'n/a'}</span>`)}
${row('QC Date:', html`<span id="runForm_qcDateLabel">${dto.qcDate ?? 'n/a'}</span>`)}
${row('Data Review:', dataReview)}
${row('Data Reviewer:', html`<span id="runForm_dataReviewerLabel">${dto.dataReviewer ?? 'n/a'}</span>`)}
${row('Data Review Date:', html`<span id="runForm_dataReviewDateLabel">${dto.dataReviewDate ?? 'n/a'}</span>`)}
</table>
</form>
<script>FormUtils.createForm('runForm', 'save', ${scriptJson(dto)}, 'run', ${scriptJson(formConfig)});</script>`;
}

function containersSection(miso: MisoState, run: MisoRun): Html {
  return html`<div id="containers">
<br><h1>${run.platform.containerName}s</h1>
<table id="list_container" class="display">
<thead><tr><th>Serial Number</th><th>Container Model</th><th>${run.platform.pluralPartitionName}</th></tr></thead>
<tbody><tr><td><a href="/container/${run.containerId}">${run.containerBarcode}</a></td><td>${run.containerModel ?? run.platform.containerName}</td><td>${run.partitions.length}</td></tr></tbody>
</table>
<script>ListUtils.createStaticTable('list_container', ListTarget.container, ${scriptJson({ runId: run.id })}, ${scriptJson(miso.containerDtos(run))});</script>
</div>`;
}

function partitionsSection(miso: MisoState, run: MisoRun): Html {
  const partitions = miso.partitionDtos(run);
  const config = {
    platformType: run.platform.name,
    instrumentModelId: run.instrumentModelId,
    runId: run.id,
    isFull: true,
    showContainer: true,
    sequencingParametersId: miso.runDto(run).sequencingParametersId,
    showPool: true,
  };
  const qcLabel = (id: number | null) => PARTITION_QC_TYPES.find((t) => t.id === id)?.detailedLabel ?? '(Unset)';
  const rows = partitions.map(
    (p) => html`<tr data-partition-id="${p.id}"><td>${p.containerName}</td><td>${p.partitionNumber}</td>
<td>${p.pool ? html`<a href="/pool/${p.pool.id}">${p.pool.name} (${p.pool.alias})</a>` : '(None)'}</td>
<td>${p.pool?.libraryAliquotCount ?? 0}</td><td></td><td>${qcLabel(p.qcType)}</td><td>${p.qcNotes ?? ''}</td><td>Production</td></tr>`,
  );
  return html`<div id="partitions">
<br><h1>${run.platform.pluralPartitionName}</h1>
<table id="list_partition" class="display">
<thead><tr><th>Container</th><th>Number</th><th>Pool</th><th>Library Aliquots</th><th>Loading Conc.</th><th>QC Status</th><th>QC Note</th><th>Purpose</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<script>ListUtils.createStaticTable('list_partition', ListTarget.partition, ${scriptJson(config)}, ${scriptJson(partitions)});</script>
</div>`;
}

function aliquotsSection(miso: MisoState, run: MisoRun): Html {
  const aliquots = miso.runAliquotDtos(run);
  if (aliquots.length === 0) return html`<div id="aliquots"></div>`;
  const statuses: RunLibraryQcStatus[] = miso.options.runLibraryQcStatuses;
  const rows = aliquots.map((a) => {
    const status =
      a.qcStatusId === null ? 'Pending' : (statuses.find((s) => s.id === a.qcStatusId)?.description ?? 'Unknown');
    const qcTitle = a.qcStatusId === null ? '' : `Set by ${a.qcUserName ?? 'unknown'}, ${a.qcDate ?? 'unknown'}`;
    const reviewTitle =
      a.dataReview === null ? '' : `Set by ${a.dataReviewer ?? 'unknown'}, ${a.dataReviewDate ?? 'unknown'}`;
    const hierarchy = `/runlibraries/${a.runId}-${a.partitionId}-${a.aliquotId}/qc-hierarchy`;
    return html`<tr data-run-library="${a.runId}_${a.partitionNumber}_${a.aliquotName}">
<td><input type="checkbox" id="list_aliquot_toggle${a.id}"></td><td>${a.runAlias}</td><td>${a.containerIdentificationBarcode}</td><td>${a.partitionNumber}</td>
<td><a href="/libraryaliquot/${a.aliquotId}">${a.aliquotName}</a></td><td>${a.aliquotAlias}</td>
<td>${[a.tissueOriginAlias, a.tissueTypeAlias].filter(Boolean).join(' ')}</td><td>${a.libraryDesignCode ?? ''}</td>
<td class="qcStatus" title="${qcTitle}">${status}</td><td class="qcNote">${a.qcNote ?? ''}</td>
<td class="dataReview" title="${reviewTitle}">${reviewMark(a.dataReview)}</td><td><a href="${hierarchy}">View</a></td><td>Production</td></tr>`;
  });
  return html`<div id="aliquots">
<br><h1>Run-Libraries</h1>
<table id="list_aliquot" class="display">
<thead><tr><th></th><th>Run</th><th>Container</th><th>Partition</th><th>Name</th><th>Alias</th><th>Tissue Attributes</th><th>Design</th><th>QC Status</th><th>QC Note</th><th>Data Review</th><th>Hierarchy</th><th>Purpose</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<script>ListUtils.createStaticTable('list_aliquot', ListTarget.runaliquot, {runId: ${run.id}}, ${scriptJson(aliquots)});</script>
</div>`;
}

function changesSection(entries: ChangeLogEntry[]): Html {
  const rows = entries.length
    ? entries.map((e) => html`<tr><td>${e.summary}</td><td>${e.userName}</td><td>${e.time}</td></tr>`)
    : html`<tr class="empty"><td colspan="3">No changes</td></tr>`;
  return html`<br><h1>Changes</h1>
<table id="changelog" class="display">
<thead><tr><th>Summary</th><th>User</th><th>Time</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

export function runPage(miso: MisoState, run: MisoRun, user: MisoUser, hostileCss: boolean): string {
  const sampleSheet =
    run.platform.name === 'ILLUMINA'
      ? html`<a class="ui-button ui-state-default" href="/rest/runs/${run.id}/samplesheet/BCL2FASTQ">Download Sample Sheet (bcl2fastq)</a>`
      : '';
  return layout({
    title: `Run ${run.id}`,
    user,
    hostileCss,
    scripts: ['/scripts/form_run.js'],
    body: html`<h1>Edit Run<button id="save" type="button" class="ui-button ui-state-default">Save</button></h1>
<div class="fg-toolbar ui-widget-header ui-helper-clearfix">${sampleSheet}</div>
<div class="sectionDivider">Quick Help</div>
<div id="notediv" class="note" hidden>A run is one sequencer run; its run-libraries are listed below.</div>
${runForm(miso, run, user)}
<div class="sectionDivider">Notes</div>
<div id="notes"></div>
<br><h1>Attachments</h1>
<table id="attachments" class="display"></table>
<div class="sectionDivider">Metrics</div>
<div id="metrix"><div id="metricsdiv"></div></div>
${containersSection(miso, run)}
${partitionsSection(miso, run)}
${aliquotsSection(miso, run)}
<div id="experiments">
<br><h1>Experiments</h1>
<table id="list_experiment" class="display"><tbody><tr class="empty"><td>No experiments</td></tr></tbody></table>
</div>
${changesSection(miso.changeLog(run.id))}`,
  });
}
