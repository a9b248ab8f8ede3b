import type { SortKey } from '../../lib/overlay/table-view';

// The grid's columns in Dimsum's order (dimsum.md §1.5 step 7) with a selection box first and a
// Lane column so lanes can be sorted. Widths are fixed pixels: every row is its own CSS grid (rows
// are virtualised), and fixed widths keep them aligned with the header.

export type ColumnKind = 'select' | 'status' | 'name' | 'lane' | 'project' | 'tissue' | 'design' | 'metric' | 'activity';

export interface GridColumn {
  kind: ColumnKind;
  label: string;
  width: number;
  /** px from the left edge when the column stays put while scrolling sideways. */
  stickyLeft: number | null;
  sort: SortKey | null;
  /** Index into a row's `cells` for metric columns. */
  metric: number | null;
}

const fixed = (kind: ColumnKind, label: string, width: number, stickyLeft: number | null, sort: SortKey | null): GridColumn => ({
  kind,
  label,
  width,
  stickyLeft,
  sort,
  metric: null,
});

export const METRIC_WIDTH = 112;

export function gridColumns(metricNames: readonly string[]): GridColumn[] {
  return [
    fixed('select', 'Select', 36, 0, null),
    fixed('status', 'QC Status', 168, 36, { kind: 'status' }),
    fixed('name', 'Name', 250, 204, { kind: 'name' }),
    fixed('lane', 'Lane', 56, null, { kind: 'lane' }),
    fixed('project', 'Project', 100, null, null),
    fixed('tissue', 'Tissue Attributes', 100, null, null),
    fixed('design', 'Design', 68, null, null),
    ...metricNames.map((name, i) => ({ kind: 'metric' as const, label: name, width: METRIC_WIDTH, stickyLeft: null, sort: { kind: 'metric' as const, column: i }, metric: i })),
    fixed('activity', 'Latest Activity', 110, null, null),
  ];
}

export function gridTemplate(columns: readonly GridColumn[]): string {
  return columns.map((c) => `${c.width}px`).join(' ');
}

export function gridWidth(columns: readonly GridColumn[]): number {
  return columns.reduce((sum, c) => sum + c.width, 0);
}

/** Everything left of this stays in view while scrolling sideways. */
export function stickyWidth(columns: readonly GridColumn[]): number {
  return columns.filter((c) => c.stickyLeft !== null).reduce((sum, c) => sum + c.width, 0);
}
