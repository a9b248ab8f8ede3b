import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RunTableRow, TableKey } from '../../lib/run-table/run-table-model';
import type { Selection } from '../../lib/run-table/table-selection';
import { sameSortKey, type Sort, type SortKey } from '../../lib/run-table/table-view';
import { CellTooltip, hasTooltip, type TooltipTarget } from './cell-tooltip';
import { gridTemplate, gridWidth, headerHeight, stickyWidth, type Density, type GridColumn } from './grid-columns';
import { GridRow, cellKey } from './grid-row';
import { gridKeyAction, type GridCommand } from './grid-keys';
import { firstIssue } from '../../lib/run-table/table-issues';
import { useVirtualRows } from './use-virtual-rows';

export const ROW_HEIGHTS: Record<Density, number> = { comfortable: 30, compact: 24 };

export interface TableGridProps {
  tableKey: TableKey;
  title: string;
  columns: GridColumn[];
  /** The shown rows: filtered and sorted. */
  rows: RunTableRow[];
  selection: Selection;
  sort: Sort;
  plotted: ReadonlySet<number>;
  /** false renders every row (the bench's baseline). */
  virtualize?: boolean;
  density?: Density;
  onToggleRow: (id: string, range: boolean) => void;
  onToggleAllShown: () => void;
  onSort: (key: SortKey) => void;
  onTogglePlot: (metric: number) => void;
  /** Opens a metric column's trend view; without it the columns offer none. */
  onOpenTrend?: (metric: number) => void;
  onCommand: (command: GridCommand) => void;
  /** MISO's address, for the links on library names; '' without MISO. */
  misoUrl: string;
  /** c on a row. */
  onCopyName: (row: RunTableRow) => void;
}

interface Position {
  row: number;
  column: number;
}

function ariaSort(sort: Sort, key: SortKey | null): 'none' | 'ascending' | 'descending' | undefined {
  if (!key) return undefined;
  if (!sameSortKey(sort.key, key)) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

function parseCell(target: EventTarget | null): { element: HTMLElement; position: Position } | null {
  const element = target instanceof Element ? target.closest<HTMLElement>('[data-cell]') : null;
  const [row, column] = (element?.dataset.cell ?? '').split(':').map(Number);
  if (!element || !Number.isInteger(row) || !Number.isInteger(column)) return null;
  return { element, position: { row, column } };
}

/**
 * The run-library grid: one tab stop, a sticky header and sticky first columns, virtualised rows,
 * and the keyboard map of grid-keys.ts. Selection, sort and plots live in the parent.
 */
export function TableGrid(props: TableGridProps) {
  const {
    tableKey,
    title,
    columns,
    rows,
    selection,
    sort,
    plotted,
    virtualize = true,
    density = 'comfortable',
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = ROW_HEIGHTS[density];
  const headHeight = headerHeight(columns);
  const sticky = stickyWidth(columns);
  const [more, setMore] = useState<SideCounts>({ left: 0, right: 0 });
  const [active, setActive] = useState<Position>({ row: rows.length ? 0 : -1, column: 0 });
  const [tip, setTip] = useState<(TooltipTarget & { source: 'hover' | 'focus' }) | null>(null);
  const moveFocus = useRef(false);
  const activeRow = Math.min(active.row, rows.length - 1);
  const activeColumn = Math.min(active.column, columns.length - 1);
  const virtual = useVirtualRows({
    count: rows.length,
    rowHeight,
    headerHeight: headHeight,
    scrollRef,
    keepIndex: activeRow,
    enabled: virtualize,
  });
  const template = gridTemplate(columns);
  const width = gridWidth(columns);
  const tipId = `bao-${tableKey}-tip`;

  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${cellKey(activeRow, activeColumn)}"]`);
    if (!cell) return;
    cell.focus({ preventScroll: true });
    revealHorizontally(scrollRef.current, cell, sticky);
  });

  // The "more columns" cues follow scrolling, resizing and the column chooser.
  const updateMore = () =>
    setMore((current) => {
      const next = columnsOutOfView(scrollRef.current, columns, sticky);
      return next.left === current.left && next.right === current.right ? current : next;
    });
  useLayoutEffect(updateMore, [columns, sticky]);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => updateMore());
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [columns, sticky]);

  /** Focuses the row's first failing or unavailable metric among the shown columns; false when it has none. */
  const goToFirstIssue = (rowIndex: number): boolean => {
    const row = rows[rowIndex];
    if (!row) return false;
    const column = firstIssue(
      row,
      columns.map((c) => c.metric),
    );
    if (column < 0) return false;
    moveTo({ row: rowIndex, column });
    return true;
  };

  const moveTo = (next: Position) => {
    const row = Math.max(-1, Math.min(next.row, rows.length - 1));
    const column = Math.max(0, Math.min(next.column, columns.length - 1));
    moveFocus.current = true;
    setActive({ row, column });
    if (row >= 0) virtual.scrollToIndex(row);
    else if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const action = gridKeyAction(
      event,
      { row: activeRow, column: activeColumn },
      { rows: rows.length, columns: columns.length, page: 10 },
    );
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    const column = columns[activeColumn];
    switch (action.type) {
      case 'move':
        return moveTo(action.to);
      case 'toggle':
        if (activeRow >= 0) return props.onToggleRow(rows[activeRow].id, action.range);
        if (column?.kind === 'select') return props.onToggleAllShown();
        if (column?.sort) return props.onSort(column.sort);
        return;
      case 'sort':
        if (activeRow < 0 && column?.sort) props.onSort(column.sort);
        return;
      case 'plot':
        if (column?.metric !== null && column?.metric !== undefined) props.onTogglePlot(column.metric);
        return;
      case 'trend':
        if (column?.metric !== null && column?.metric !== undefined) props.onOpenTrend?.(column.metric);
        return;
      case 'copy':
        if (activeRow >= 0) props.onCopyName(rows[activeRow]);
        return;
      case 'issue':
        goToFirstIssue(activeRow);
        return;
      case 'open':
        if (column?.kind === 'issues') {
          goToFirstIssue(activeRow);
          return;
        }
        scrollRef.current
          ?.querySelector<HTMLAnchorElement>(`[aria-rowindex="${activeRow + 2}"] [data-bao="miso-item-link"]`)
          ?.click();
        return;
      case 'command':
        return props.onCommand(action.command);
    }
  };

  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target : null;
    const toggle = target?.closest<HTMLElement>('[data-select]');
    if (toggle?.dataset.select) props.onToggleRow(toggle.dataset.select, event.shiftKey);
    else if (target?.closest('[data-select-all]')) props.onToggleAllShown();
    const sortButton = target?.closest<HTMLElement>('[data-sort]');
    if (sortButton) {
      const column = columns[Number(sortButton.dataset.sort)];
      if (column?.sort) props.onSort(column.sort);
    }
    const plotButton = target?.closest<HTMLElement>('[data-plot]');
    if (plotButton) props.onTogglePlot(Number(plotButton.dataset.plot));
    const trendButton = target?.closest<HTMLElement>('[data-trend]');
    if (trendButton) props.onOpenTrend?.(Number(trendButton.dataset.trend));
    const cell = parseCell(target);
    if (cell && columns[cell.position.column]?.kind === 'issues' && goToFirstIssue(cell.position.row)) return;
    if (cell) setActive(cell.position);
  };

  const showTip = (target: EventTarget | null, source: 'hover' | 'focus') => {
    const cell = parseCell(target);
    if (!cell || cell.position.row < 0) return setTip((current) => (current?.source === source ? null : current));
    const row = rows[cell.position.row];
    const column = columns[cell.position.column];
    if (!row || !column || !hasTooltip(column))
      return setTip((current) => (current?.source === source ? null : current));
    const { left, top, bottom } = cell.element.getBoundingClientRect();
    setTip({ row, column, rect: { left, top, bottom }, source });
  };

  const shownSelected = rows.length > 0 && rows.every((row) => selection.ids.has(row.id));
  const someSelected = rows.some((row) => selection.ids.has(row.id));

  const describedBy = tip?.source === 'focus' && tip.row === rows[activeRow] ? tipId : undefined;
  const scrollPage = (direction: 1 | -1) => {
    const scroller = scrollRef.current;
    if (scroller) scroller.scrollLeft += direction * Math.max(100, (scroller.clientWidth - sticky) * 0.8);
  };

  return (
    <div class={`bao-grid-frame bao-density--${density}`} data-more-left={more.left} data-more-right={more.right}>
      <div
        ref={scrollRef}
        class="bao-grid"
        role="grid"
        aria-label={title}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-multiselectable="true"
        data-bao-grid={tableKey}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onFocusIn={(event) => {
          const cell = parseCell(event.target);
          if (cell && (cell.position.row !== activeRow || cell.position.column !== activeColumn))
            setActive(cell.position);
          showTip(event.target, 'focus');
        }}
        onFocusOut={() => setTip((current) => (current?.source === 'focus' ? null : current))}
        onMouseOver={(event) => showTip(event.target, 'hover')}
        onMouseLeave={() => setTip((current) => (current?.source === 'hover' ? null : current))}
        onScroll={() => {
          setTip((current) => (current?.source === 'hover' ? null : current));
          updateMore();
        }}
      >
        <div role="rowgroup" class="bao-grid__head" style={{ width: `${width}px` }}>
          <div
            role="row"
            aria-rowindex={1}
            class="bao-row bao-row--head"
            style={{ gridTemplateColumns: template, height: `${headHeight}px` }}
          >
            {columns.map((column, c) => (
              <div
                key={c}
                role="columnheader"
                class={`bao-cell bao-head${column.stickyLeft !== null ? ' bao-sticky' : ''}${column.kind === 'metric' ? ' bao-head--metric' : ''}`}
                style={column.stickyLeft === null ? undefined : { left: `${column.stickyLeft}px` }}
                aria-sort={ariaSort(sort, column.sort)}
                aria-colindex={c + 1}
                tabIndex={activeRow === -1 && activeColumn === c ? 0 : -1}
                data-cell={cellKey(-1, c)}
                title={
                  column.kind === 'metric'
                    ? `${column.label}${column.units ? ` (${column.units})` : ''}`
                    : column.kind === 'issues'
                      ? 'Failing (✕) and unavailable (?) metrics of the row; Enter or a click goes to the first'
                      : undefined
                }
              >
                <HeaderContent
                  column={column}
                  index={c}
                  plotted={column.metric !== null && plotted.has(column.metric)}
                  trends={props.onOpenTrend !== undefined}
                  all={shownSelected}
                  some={someSelected}
                />
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" class="bao-grid__body" style={{ height: `${virtual.totalSize}px`, width: `${width}px` }}>
          {virtual.items.map(({ index, start }) => {
            const row = rows[index];
            return row ? (
              <GridRow
                key={row.id}
                row={row}
                index={index}
                top={start}
                columns={columns}
                template={template}
                width={width}
                selected={selection.ids.has(row.id)}
                activeColumn={index === activeRow ? activeColumn : -1}
                misoUrl={props.misoUrl}
                rowHeight={rowHeight}
                describedBy={index === activeRow ? describedBy : undefined}
              />
            ) : null;
          })}
        </div>
      </div>
      {more.left > 0 && (
        <button
          type="button"
          class="bao-cue bao-cue--left"
          style={{ left: `${sticky + 1}px` }}
          tabIndex={-1}
          data-bao="more-left"
          title={`${more.left} more ${more.left === 1 ? 'column' : 'columns'} to the left`}
          onClick={() => scrollPage(-1)}
        >
          <span class="bao-cue__pill">‹ {more.left}</span>
        </button>
      )}
      {more.right > 0 && (
        <button
          type="button"
          class="bao-cue bao-cue--right"
          tabIndex={-1}
          data-bao="more-right"
          title={`${more.right} more ${more.right === 1 ? 'column' : 'columns'} to the right`}
          onClick={() => scrollPage(1)}
        >
          <span class="bao-cue__pill">{more.right} ›</span>
        </button>
      )}
      {/* Outside the grid, whose children must be rows; fixed-positioned next to the cell. */}
      {tip && rows.includes(tip.row) && <CellTooltip id={tipId} target={tip} />}
    </div>
  );
}

interface SideCounts {
  left: number;
  right: number;
}

/** How many scrolling columns lie wholly or partly out of view on each side (under the sticky ones, or past the edge). */
function columnsOutOfView(scroller: HTMLElement | null, columns: readonly GridColumn[], sticky: number): SideCounts {
  if (!scroller || scroller.clientWidth === 0) return { left: 0, right: 0 };
  const { scrollLeft, clientWidth } = scroller;
  let x = 0;
  let left = 0;
  let right = 0;
  for (const column of columns) {
    const start = x;
    x += column.width;
    if (column.stickyLeft !== null) continue;
    if (start < scrollLeft + sticky - 1) left += 1;
    else if (x > scrollLeft + clientWidth + 1) right += 1;
  }
  return { left, right };
}

function HeaderContent({
  column,
  index,
  plotted,
  all,
  some,
  trends,
}: {
  column: GridColumn;
  index: number;
  plotted: boolean;
  trends: boolean;
  all: boolean;
  some: boolean;
}) {
  if (column.kind === 'select') {
    return (
      <input
        type="checkbox"
        class="bao-check"
        tabIndex={-1}
        checked={all}
        indeterminate={some && !all}
        aria-label="Select all shown"
        data-select-all=""
      />
    );
  }
  if (!column.sort) return <span class="bao-head__label">{column.label}</span>;
  return (
    <>
      <button type="button" class="bao-head__sort" tabIndex={-1} data-sort={index}>
        <span class="bao-head__label">{column.label}</span>
        {column.units && (
          <span class="bao-head__units" aria-hidden="true">
            {column.units}
          </span>
        )}
      </button>
      {column.metric !== null && (
        // Plot and trend buttons stack, so the trend button takes no width from the label.
        <span class="bao-head__tools">
          <button
            type="button"
            class="bao-head__plot"
            tabIndex={-1}
            aria-pressed={plotted}
            aria-label={`Plot ${column.label}`}
            title={`Plot ${column.label} (v)`}
            data-plot={column.metric}
          >
            <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true">
              <circle cx="3" cy="8" r="1.6" />
              <circle cx="7" cy="4" r="1.6" />
              <circle cx="11" cy="6" r="1.6" />
              <line x1="0" y1="10.5" x2="14" y2="10.5" stroke-width="1" />
            </svg>
          </button>
          {trends && (
            <button
              type="button"
              class="bao-head__plot"
              tabIndex={-1}
              aria-label={`Trend of ${column.label}`}
              title={`Trend of ${column.label} over prior runs (t)`}
              data-trend={column.metric}
              data-bao="trend-open"
            >
              <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true">
                <polyline points="0,9 4,6 7,7 10,3 14,4" fill="none" stroke="currentColor" stroke-width="1.4" />
              </svg>
            </button>
          )}
        </span>
      )}
    </>
  );
}

/** Scrolls sideways so a focused cell is not hidden under the sticky columns or past the right edge. */
function revealHorizontally(scroller: HTMLElement | null, cell: HTMLElement, sticky: number): void {
  if (!scroller || cell.classList.contains('bao-sticky')) return;
  const left = cell.offsetLeft;
  const right = left + cell.offsetWidth;
  if (left < scroller.scrollLeft + sticky) scroller.scrollLeft = left - sticky;
  else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
}
