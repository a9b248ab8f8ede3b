import { misoRunUrl } from '../miso/pages';
import type { OmittedRunSample, Sample } from '../cardea/schema';
import type { RunData } from '../messages/protocol';
import type { AssaysById } from '../qc/applicability';
import { metricColumns } from '../qc/columns';
import { evaluateCell, type CellEvaluation } from '../qc/evaluate';
import {
  omittedRunLibraryStatus,
  runLibraryStatus,
  runStatus,
  statusTooltip,
  type QcStatus,
  type QcStatusKey,
  type StatusShade,
} from '../qc/status';

// What the run overlay shows, computed once per answer from the background: each table's columns,
// rows and evaluated cells, and the run header. Sorting and filtering then work on these
// precomputed rows only, so a 2,000-row NovaSeq X run is evaluated once, not on every keystroke.

export type FoundRunData = Extract<RunData, { status: 'found' }>;
export type TableKey = 'lq' | 'fd';
export type TableCategory = 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';

export interface RowStatus {
  key: QcStatusKey;
  label: string;
  icon: string;
  shade: StatusShade;
  priority: number;
  tooltip: string[];
}

export interface RunTableRow {
  /** The run-library id, `{runId}_{lane}_LDI{n}`. */
  id: string;
  /** Order in the background's answer; the last tie-breaker of every sort. */
  position: number;
  sample: Sample;
  /** `{name} (L{lane})`, as Dimsum's Name column. */
  name: string;
  libraryName: string;
  lane: number | null;
  project: string | null;
  design: string | null;
  /** `{tissueOrigin} {tissueType}[ {timepoint}]` */
  tissue: string;
  latestActivity: string | null;
  status: RowStatus;
  /** One per metric column, in column order (evaluated on first read, then kept). */
  readonly cells: CellEvaluation[];
  /** Some cell fails its threshold. */
  readonly failing: boolean;
  /** Every cell passes or does not apply. */
  readonly passing: boolean;
}

export interface RunTable {
  key: TableKey;
  category: TableCategory;
  title: string;
  columns: string[];
  /** Per column: the unit its thresholds share (`X`, `%`, `K/lane`), or '' when there is none or they disagree. */
  units: string[];
  rows: RunTableRow[];
}

export interface RunHeader {
  runName: string;
  status: QcStatus;
  flowCell: string | null;
  parameters: string | null;
  asOf: string | null;
  stale: boolean;
}

export interface RunTablesModel {
  header: RunHeader;
  tables: RunTable[];
  assaysById: AssaysById;
  /** Run-libraries on the run but in no case, by name descending (Dimsum's Omissions table). */
  omissions: OmissionRow[];
}

export interface OmissionRow {
  id: string;
  /** `{name} (L{lane})` */
  name: string;
  libraryName: string;
  project: string | null;
  status: RowStatus;
}

export const TABLES: readonly { key: TableKey; category: TableCategory; title: string }[] = [
  { key: 'lq', category: 'LIBRARY_QUALIFICATION', title: 'Library Qualifications' },
  { key: 'fd', category: 'FULL_DEPTH_SEQUENCING', title: 'Full-Depth Sequencing' },
];

/** The run's MISO Edit Run page, or null when MISO is not configured. */
export function misoRunLink(misoUrl: string, runName: string): string | null {
  return misoUrl ? misoRunUrl(misoUrl, runName) : null;
}

export function tissueAttributes(sample: Pick<Sample, 'tissueOrigin' | 'tissueType' | 'timepoint'>): string {
  return [sample.tissueOrigin, sample.tissueType, sample.timepoint].filter(Boolean).join(' ');
}

function laneOf(sample: Sample): number | null {
  const lane = Number.parseInt(sample.sequencingLane ?? '', 10);
  return Number.isFinite(lane) ? lane : null;
}

/**
 * A row whose cells are evaluated on first use and then kept. The grid shows a few dozen rows at a
 * time, and the QC engine's number formatting costs tens of microseconds per cell, so a 2,000-row
 * run renders its first rows at once; `warmRows` evaluates the rest in small slices afterwards.
 */
export function buildRow(
  sample: Sample,
  position: number,
  columns: readonly string[],
  category: TableCategory,
  assaysById: AssaysById,
): RunTableRow {
  const status = runLibraryStatus(sample);
  let cells: CellEvaluation[] | undefined;
  let flags: { failing: boolean; passing: boolean } | undefined;
  const evaluated = () => (cells ??= columns.map((column) => evaluateCell(column, category, sample, assaysById)));
  const judged = () =>
    (flags ??= {
      failing: evaluated().some((cell) => cell.outcome === 'fail'),
      passing: evaluated().every((cell) => cell.outcome === 'pass' || cell.outcome === 'na'),
    });
  return {
    id: sample.id,
    position,
    sample,
    name: `${sample.name} (L${sample.sequencingLane ?? '?'})`,
    libraryName: sample.name,
    lane: laneOf(sample),
    project: sample.project,
    design: sample.libraryDesignCode,
    tissue: tissueAttributes(sample),
    latestActivity: sample.latestActivityDate,
    status: { ...pickStatus(status), tooltip: statusTooltip(sample) },
    get cells() {
      return evaluated();
    },
    get failing() {
      return judged().failing;
    },
    get passing() {
      return judged().passing;
    },
  };
}

/** Evaluates rows' cells until `deadline` (performance.now()); returns the index of the first row left. */
export function warmRows(rows: readonly RunTableRow[], from: number, deadline: number): number {
  let i = from;
  while (i < rows.length && performance.now() < deadline) void rows[i++].failing;
  return i;
}

function pickStatus({ key, label, icon, shade, priority }: QcStatus): Omit<RowStatus, 'tooltip'> {
  return { key, label, icon, shade, priority };
}

export function buildTable(
  spec: (typeof TABLES)[number],
  samples: readonly Sample[],
  assaysById: AssaysById,
): RunTable {
  // Bao has no paging: the columns come from every row of the table, so they never change while scrolling.
  const columns = metricColumns(spec.category, samples, assaysById);
  const rows = samples.map((sample, i) => buildRow(sample, i, columns, spec.category, assaysById));
  return { ...spec, columns, units: columnUnits(spec.category, columns, samples, assaysById), rows };
}

/** The unit each column's thresholds share across the table's assays, for the header's second line. */
export function columnUnits(
  category: TableCategory,
  columns: readonly string[],
  samples: readonly Sample[],
  assaysById: AssaysById,
): string[] {
  const byName = new Map<string, Set<string>>();
  for (const assayId of new Set(samples.flatMap((sample) => sample.assayIds))) {
    for (const sub of assaysById[assayId]?.metricCategories[category] ?? []) {
      for (const metric of sub.metrics) {
        if (metric.thresholdType === 'BOOLEAN') continue;
        const units = byName.get(metric.name) ?? new Set<string>();
        units.add(metric.units?.trim() ?? '');
        byName.set(metric.name, units);
      }
    }
  }
  return columns.map((column) => {
    const units = [...(byName.get(column) ?? [])];
    return units.length === 1 ? units[0] : '';
  });
}

/**
 * The run header and a table per category that has rows (docs/qc-rules.md#run-page: empty tables are removed).
 * Only the background's answer goes in, so the model is built once per answer, whatever the settings.
 * `_unused` takes the MISO address bench/overlay.ts still passes; the MISO link is the header's now.
 */
export function omissionRows(omitted: readonly OmittedRunSample[]): OmissionRow[] {
  return omitted
    .map((o) => {
      const status = omittedRunLibraryStatus(o);
      const by = o.qcUser ? ` (${o.qcUser})` : '';
      return {
        id: o.id,
        name: `${o.name} (L${o.sequencingLane})`,
        libraryName: o.name,
        project: o.project,
        status: { ...pickStatus(status), tooltip: [`Status: ${status.label}${by}`] },
      };
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

export function buildRunTables(data: FoundRunData): RunTablesModel {
  const samples: Record<TableKey, Sample[]> = { lq: data.lq, fd: data.fd };
  const tables = TABLES.filter((spec) => samples[spec.key].length > 0).map((spec) =>
    buildTable(spec, samples[spec.key], data.assaysById),
  );
  return {
    header: {
      runName: data.run.name,
      status: runStatus(data.run),
      flowCell: data.run.containerModel,
      parameters: data.run.sequencingParameters,
      asOf: data.asOf,
      stale: data.stale,
    },
    tables,
    assaysById: data.assaysById,
    omissions: omissionRows(data.omitted),
  };
}
