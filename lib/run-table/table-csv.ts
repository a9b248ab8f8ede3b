import type { Outcome } from '../qc/cell';
import type { RunTable, RunTableRow } from './run-table-model';

// "Download CSV" of a run table: the rows as shown (filtered and sorted), for a report or a
// spreadsheet. Metrics carry the raw value (a spreadsheet wants 453700000, not "453.7M") and, beside
// it, the outcome, so the file says what the shading said.

const OUTCOME_TEXT: Record<Outcome, string> = { pass: 'pass', fail: 'fail', unavailable: 'unavailable', na: 'N/A' };

/**
 * RFC 4180 quoting. Every text field (names, projects, notes: what Cardea sends, which anyone in the lab
 * can write) that begins with a character a spreadsheet reads as the start of a formula (`=`, `+`, `-`,
 * `@`, tab, carriage return) is prefixed with `'`, even when it looks like a number: it is text, and
 * the spreadsheet should show it as such. The numbers Bao itself writes (metric values, lanes) arrive
 * as numbers and are never prefixed, so a negative metric value stays a number.
 */
function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function tableCsv(runName: string, table: Pick<RunTable, 'columns'>, rows: readonly RunTableRow[]): string {
  const header = [
    'Run',
    'Run-library ID',
    'Library',
    'Lane',
    'Project',
    'Tissue Attributes',
    'Design',
    'QC Status',
    ...table.columns.flatMap((c) => [c, `${c} QC`]),
    'Latest Activity',
  ];
  const lines = rows.map((row) => [
    runName,
    row.id,
    row.libraryName,
    row.lane,
    row.project,
    row.tissue,
    row.design,
    row.status.label,
    ...row.cells.flatMap((cell) => [
      cell.value ?? (cell.outcome === 'na' ? '' : cell.display),
      OUTCOME_TEXT[cell.outcome],
    ]),
    row.latestActivity,
  ]);
  return [header, ...lines].map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}

/** `{run}_{LQ|FD}_metrics.csv`, safe as a file name. */
export function csvFileName(runName: string, tableKey: RunTable['key']): string {
  return `${runName.replace(/[^\w.-]+/g, '_')}_${tableKey.toUpperCase()}_metrics.csv`;
}
