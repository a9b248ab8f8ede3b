import type { CellEvaluation, CellReason } from '../../lib/qc/evaluate';
import type { RunTableRow } from '../../lib/run-table/run-table-model';
import type { GridColumn } from './grid-columns';
import { cellMark } from './marks';

export interface TooltipTarget {
  row: RunTableRow;
  column: GridColumn;
  /** Viewport rectangle of the cell; the tooltip is fixed-positioned under (or over) it. */
  rect: { left: number; top: number; bottom: number };
}

const REASON_TEXT: Partial<Record<CellReason, string>> = {
  'threshold-failed': 'Fails the requirement.',
  'qc-failed': 'The library failed QC.',
  'not-authenticated': 'The sample was not authenticated.',
  'missing-lane-data': 'A lane has no value yet.',
  preliminary: 'Not final, so not judged yet.',
  'pending-boolean': 'Waiting for the library’s QC decision.',
  'pending-authentication': 'Waiting for the authentication result.',
  'no-assay': 'The library has no assay, so nothing applies.',
  'no-applicable-metric': 'No metric of the assay applies to this library.',
  'never-highlighted': 'Checked by a person in MISO, not by Bao.',
};

function reasonText(cell: CellEvaluation): string | null {
  if (cell.reason === 'null-value' || cell.reason === 'sequencing-in-progress') return `No value yet: ${cell.display}.`;
  return REASON_TEXT[cell.reason] ?? null;
}

const LANE_MARK = { fail: '✕ ', unavailable: '? ', pass: '', na: '' } as const;

function MetricTip({ column, cell }: { column: string; cell: CellEvaluation }) {
  const mark = cellMark(cell);
  const reason = reasonText(cell);
  return (
    <>
      <p class="bao-tip__title">
        {column}: {mark.glyph && `${mark.glyph} `}
        {cell.display}
      </p>
      {cell.tooltip.map((line) =>
        line === 'PRELIMINARY VALUE ONLY' ? (
          <p class="bao-tip__strong" key={line}>
            {line}
          </p>
        ) : (
          <p key={line}>{line}</p>
        ),
      )}
      {cell.lanes.length > 0 && (
        <ul class="bao-tip__lanes" aria-label="Lanes">
          {cell.lanes.map((lane) => (
            <li key={lane.laneNumber}>
              {lane.outcome ? LANE_MARK[lane.outcome] : ''}
              {lane.text}
            </li>
          ))}
        </ul>
      )}
      {reason && <p class="bao-tip__reason">{reason}</p>}
      {cell.departures.map((line) => (
        <p class="bao-tip__departure" key={line} data-bao="departure">
          <strong>Differs from Dimsum:</strong> {line}
        </p>
      ))}
    </>
  );
}

/** The tooltip of the hovered or keyboard-focused cell: requirements with units, preliminary flag, lanes, status. */
export function CellTooltip({ id, target }: { id: string; target: TooltipTarget }) {
  const { row, column, rect } = target;
  const below = typeof window === 'undefined' || rect.bottom + 160 < window.innerHeight;
  const style = below
    ? { left: `${Math.max(4, rect.left)}px`, top: `${rect.bottom + 4}px` }
    : { left: `${Math.max(4, rect.left)}px`, bottom: `${window.innerHeight - rect.top + 4}px` };
  const cell = column.metric === null ? null : row.cells[column.metric];
  return (
    <div id={id} role="tooltip" class="bao-tip" style={style}>
      {cell ? (
        <MetricTip column={column.label} cell={cell} />
      ) : (
        row.status.tooltip.map((line) => <p key={line}>{line}</p>)
      )}
    </div>
  );
}

/** Only metric and status cells have something more to say than their text. */
export function hasTooltip(column: GridColumn): boolean {
  return column.kind === 'metric' || column.kind === 'status';
}
