import type { CSSProperties, JSX } from 'preact';
import { memo } from 'preact/compat';
import { misoItemUrl } from '../../lib/miso/pages';
import type { RunTableRow } from '../../lib/run-table/run-table-model';
import { firstIssue, issuesLabel, rowIssues } from '../../lib/run-table/table-issues';
import type { GridColumn } from './grid-columns';
import { statusGlyph } from '../glyphs';
import { cellLabel, cellMark } from './marks';

export interface GridRowProps {
  row: RunTableRow;
  /** Position among the shown rows (0-based). */
  index: number;
  top: number;
  columns: readonly GridColumn[];
  template: string;
  width: number;
  selected: boolean;
  /** The keyboard's column when this row is the active one; -1 otherwise. */
  activeColumn: number;
  /** MISO's address, for the link on the library name; '' without MISO. */
  misoUrl: string;
  /** The tooltip's id while it describes this row's active cell. */
  describedBy?: string;
  rowHeight: number;
}

export const cellKey = (row: number, column: number) => `${row}:${column}`;

function stickyStyle(column: GridColumn): CSSProperties | undefined {
  return column.stickyLeft === null ? undefined : { left: `${column.stickyLeft}px` };
}

// Words (a status, "Pending analysis") may wrap onto a second line at spaces; numbers never wrap.
const wordsClass = (text: string) => (/[a-z]{3}/i.test(text) ? ' bao-cell--words' : '');

function IssuesBody({ fail, unavailable }: { fail: number; unavailable: number }) {
  if (fail + unavailable === 0)
    return (
      <span class="bao-muted" aria-hidden="true">
        –
      </span>
    );
  return (
    <span class="bao-issues" aria-hidden="true">
      {fail > 0 && <span class="bao-issue bao-issue--fail">✕{fail}</span>}
      {unavailable > 0 && <span class="bao-issue bao-issue--unavailable">?{unavailable}</span>}
    </span>
  );
}

function cellContent(
  row: RunTableRow,
  column: GridColumn,
  columns: readonly GridColumn[],
  selected: boolean,
  misoUrl: string,
): { attrs: Record<string, string>; body: JSX.Element | string; className: string } {
  switch (column.kind) {
    case 'select':
      return {
        attrs: {},
        className: 'bao-cell--select',
        body: (
          <input
            type="checkbox"
            class="bao-check"
            tabIndex={-1}
            checked={selected}
            aria-label={`Select ${row.name}`}
            data-select={row.id}
          />
        ),
      };
    case 'status':
      return {
        attrs: { 'data-status': row.status.key, 'aria-label': `QC status: ${row.status.label}` },
        className: `bao-status bao-shade--${row.status.shade} bao-cell--words`,
        body: (
          <>
            <span class="bao-mark" aria-hidden="true">
              {statusGlyph(row.status)}
            </span>
            <span class="bao-text">{row.status.label}</span>
          </>
        ),
      };
    case 'name': {
      const href = misoItemUrl(misoUrl, row.id);
      // Not a tab stop of its own: the grid has one; Enter on the row opens it.
      const body = href ? (
        <a
          class="bao-text bao-item-link"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          tabIndex={-1}
          data-bao="miso-item-link"
        >
          {row.name}
        </a>
      ) : (
        <span class="bao-text">{row.name}</span>
      );
      return { attrs: { title: row.name }, className: 'bao-cell--name', body };
    }
    case 'issues': {
      const issues = rowIssues(row);
      const shown = columns.filter(
        (c) => c.metric !== null && ['fail', 'unavailable'].includes(row.cells[c.metric]?.outcome ?? ''),
      ).length;
      const first = firstIssue(
        row,
        columns.map((c) => c.metric),
      );
      return {
        attrs: {
          'data-bao': 'issues',
          'data-issues': String(issues.fail + issues.unavailable),
          'aria-label': issuesLabel(issues, shown),
          ...(first >= 0 ? { 'data-first-issue': String(first) } : {}),
        },
        className: `bao-cell--issues${first >= 0 ? ' bao-cell--jump' : ''}`,
        body: <IssuesBody {...issues} />,
      };
    }
    case 'lane':
      return { attrs: {}, className: 'bao-cell--number', body: row.lane === null ? '' : String(row.lane) };
    case 'project':
      return { attrs: {}, className: '', body: <span class="bao-text">{row.project ?? ''}</span> };
    case 'tissue':
      return { attrs: {}, className: '', body: <span class="bao-text">{row.tissue}</span> };
    case 'design':
      return { attrs: {}, className: '', body: row.design ?? '' };
    case 'activity':
      return { attrs: {}, className: '', body: row.latestActivity ?? '' };
    case 'metric': {
      const cell = row.cells[column.metric ?? -1];
      if (!cell) return { attrs: {}, className: '', body: '' };
      const mark = cellMark(cell);
      return {
        attrs: { 'data-qc': cell.outcome, 'data-metric': column.label, 'aria-label': cellLabel(column.label, cell) },
        className: `bao-metric bao-qc--${cell.outcome}${wordsClass(cell.display)}`,
        body: (
          <>
            {mark.glyph && (
              <span class={`bao-mark bao-mark--${mark.kind}`} aria-hidden="true">
                {mark.glyph}
              </span>
            )}
            <span class="bao-text">{cell.display}</span>
          </>
        ),
      };
    }
  }
}

/** One virtualised row: positioned absolutely, its cells laid out by the shared grid template. */
export const GridRow = memo(function GridRow({
  row,
  index,
  top,
  columns,
  template,
  width,
  selected,
  activeColumn,
  misoUrl,
  describedBy,
  rowHeight,
}: GridRowProps) {
  return (
    <div
      role="row"
      class={`bao-row${selected ? ' bao-row--selected' : ''}${activeColumn >= 0 ? ' bao-row--active' : ''}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-run-library={row.id}
      style={{
        transform: `translateY(${top}px)`,
        gridTemplateColumns: template,
        width: `${width}px`,
        height: `${rowHeight}px`,
      }}
    >
      {columns.map((column, c) => {
        const { attrs, body, className } = cellContent(row, column, columns, selected, misoUrl);
        return (
          <div
            key={c}
            role="gridcell"
            class={`bao-cell ${className}${column.stickyLeft !== null ? ' bao-sticky' : ''}`}
            style={stickyStyle(column)}
            tabIndex={activeColumn === c ? 0 : -1}
            aria-colindex={c + 1}
            data-cell={cellKey(index, c)}
            aria-describedby={activeColumn === c ? describedBy : undefined}
            {...attrs}
          >
            {body}
          </div>
        );
      })}
    </div>
  );
});
