import type { SortKey } from '../../lib/run-table/table-view';

// The grid's columns in Dimsum's order with a selection box first, an Issues column beside the name and a Lane column
// so lanes can be sorted. Widths are fixed pixels: every row is its own CSS grid (rows are virtualised), and fixed
// widths keep them aligned with the header. The identity columns (selection, status, name, issues) stay in view
// while the rest scroll sideways.

export type ColumnKind =
  'select' | 'status' | 'name' | 'issues' | 'lane' | 'project' | 'tissue' | 'design' | 'metric' | 'activity';

/** The descriptive columns the column chooser can hide, besides the metrics. */
export type DetailKind = 'lane' | 'project' | 'tissue' | 'design' | 'activity';

export interface GridColumn {
  kind: ColumnKind;
  label: string;
  width: number;
  /** px from the left edge when the column stays put while scrolling sideways. */
  stickyLeft: number | null;
  sort: SortKey | null;
  /** Index into a row's `cells` for metric columns. */
  metric: number | null;
  /** A metric's unit, shown on its own header line; '' when it has none or its thresholds disagree. */
  units: string;
}

export type Density = 'comfortable' | 'compact';

export const DETAIL_COLUMNS: readonly { kind: DetailKind; label: string; width: number; sort: SortKey | null }[] = [
  { kind: 'lane', label: 'Lane', width: 52, sort: { kind: 'lane' } },
  { kind: 'project', label: 'Project', width: 96, sort: null },
  { kind: 'tissue', label: 'Tissue Attributes', width: 100, sort: null },
  { kind: 'design', label: 'Design', width: 64, sort: null },
];
const ACTIVITY = { kind: 'activity' as const, label: 'Latest Activity', width: 100, sort: null };

/** Everything shown left of the scrolling part, in order. */
const IDENTITY: readonly { kind: ColumnKind; label: string; width: number; sort: SortKey | null }[] = [
  { kind: 'select', label: 'Select', width: 34, sort: null },
  { kind: 'status', label: 'QC Status', width: 128, sort: { kind: 'status' } },
  { kind: 'name', label: 'Name', width: 224, sort: { kind: 'name' } },
  { kind: 'issues', label: 'Issues', width: 66, sort: null },
];

// Header labels wrap at spaces only (never inside a word) onto at most this many lines of 14 px.
export const HEADER_LINES = 4;
const HEADER_LINE_HEIGHT = 14;
// A generous average advance of the header's 12 px bold face, so estimates err on the wide side; the e2e test checks
// the rendered labels for clipping.
const HEADER_CHAR = 7.4;
// Padding and the plot button beside a metric's label.
const METRIC_CHROME = 12 + 4 + 20;
const METRIC_MIN = 112;
const METRIC_MAX = 200;

/** The lines a label wraps to at `width` px of text, breaking at spaces only. */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last.length + 1 + word.length) * HEADER_CHAR <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The narrowest metric width (in 8 px steps) at which the label and its unit line fit without breaking a word. */
export function metricWidth(label: string, units = ''): number {
  const longestWord = Math.max(...`${label} ${units}`.split(/\s+/).map((word) => word.length * HEADER_CHAR));
  const labelLines = HEADER_LINES - (units ? 1 : 0);
  let width = Math.max(METRIC_MIN, Math.ceil((longestWord + METRIC_CHROME) / 8) * 8);
  while (width < METRIC_MAX && wrapLabel(label, width - METRIC_CHROME).length > labelLines) width += 8;
  return width;
}

/** The lines a header takes: its wrapped label, plus one for the unit. */
export function headerLines(column: GridColumn): number {
  return (
    wrapLabel(column.label, column.width - (column.kind === 'metric' ? METRIC_CHROME : 12)).length +
    (column.units ? 1 : 0)
  );
}

/** The header row's height: enough lines for the tallest shown header, never less than two. */
export function headerHeight(columns: readonly GridColumn[]): number {
  const lines = Math.max(2, ...columns.map(headerLines));
  return Math.min(lines, HEADER_LINES) * HEADER_LINE_HEIGHT + 10;
}

// The name column fits the longest `{name} (L{lane})` of the table: names are identifiers, and a cut one is useless.
const NAME_CHAR = 8.1;
const NAME_MIN = 140;
const NAME_MAX = 320;

export function nameWidth(names: readonly string[]): number {
  const longest = names.reduce((max, name) => Math.max(max, name.length), 0);
  return Math.min(NAME_MAX, Math.max(NAME_MIN, Math.ceil((longest * NAME_CHAR + 16) / 4) * 4));
}

export interface ColumnChoice {
  /** Metric names the user hid. */
  hiddenMetrics: ReadonlySet<string>;
  hiddenDetails: ReadonlySet<DetailKind>;
}

export const ALL_COLUMNS: ColumnChoice = { hiddenMetrics: new Set(), hiddenDetails: new Set() };

// Tabular digits of the cells' 13 px face, a mark beside the value, and the cell's padding.
const DIGIT = 7.6;
const MARK = 18;
const CELL_PADDING = 14;

/** The width a column's widest number needs on one line, mark included. */
export function valueWidth(value: { chars: number; marked: boolean } | undefined): number {
  return value ? Math.ceil(value.chars * DIGIT + (value.marked ? MARK : 0) + CELL_PADDING) : 0;
}

export function gridColumns(
  metricNames: readonly string[],
  choice: ColumnChoice = ALL_COLUMNS,
  units: readonly string[] = [],
  names?: number,
  values: readonly ({ chars: number; marked: boolean } | undefined)[] = [],
): GridColumn[] {
  let left = 0;
  const identity = IDENTITY.map((c) => {
    const width = c.kind === 'name' && names ? names : c.width;
    const column: GridColumn = { ...c, width, stickyLeft: left, metric: null, units: '' };
    left += width;
    return column;
  });
  const detail = (c: (typeof DETAIL_COLUMNS)[number] | typeof ACTIVITY): GridColumn[] =>
    choice.hiddenDetails.has(c.kind) ? [] : [{ ...c, stickyLeft: null, metric: null, units: '' }];
  return [
    ...identity,
    ...DETAIL_COLUMNS.flatMap(detail),
    ...metricNames.flatMap((name, i): GridColumn[] =>
      choice.hiddenMetrics.has(name)
        ? []
        : [
            {
              kind: 'metric',
              label: name,
              width: Math.max(metricWidth(name, units[i]), Math.ceil(valueWidth(values[i]) / 8) * 8),
              stickyLeft: null,
              sort: { kind: 'metric', column: i },
              metric: i,
              units: units[i] ?? '',
            },
          ],
    ),
    ...detail(ACTIVITY),
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
