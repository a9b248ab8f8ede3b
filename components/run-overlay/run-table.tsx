import { useEffect, useMemo, useState } from 'preact/hooks';
import type { QcInMisoGrouping } from '../../lib/miso/qc-in-miso';
import type { OpenQcInMiso } from '../../lib/run-table/overlay-view';
import { warmRows, type RunTable, type RunTableRow } from '../../lib/run-table/run-table-model';
import { csvFileName, tableCsv } from '../../lib/run-table/table-csv';
import {
  NO_SELECTION,
  keepExisting,
  selectAllShown,
  selectFailing,
  selectPassing,
  selectRange,
  selectedRows,
  toggleRow,
  unselectRows,
  type Selection,
} from '../../lib/run-table/table-selection';
import {
  DEFAULT_SORT,
  NO_FILTERS,
  filterRows,
  hasFilters,
  nextSort,
  sortRows,
  type Filters,
  type Sort,
} from '../../lib/run-table/table-view';
import type { AssaysById } from '../../lib/qc/applicability';
import type { HiddenColumns } from '../../lib/run-table/table-prefs';
import { ColumnChooser, DensityToggle, TableLegend } from './column-chooser';
import { gridColumns, nameWidth, type Density } from './grid-columns';
import { valueWidths } from '../../lib/run-table/table-widths';
import type { GridCommand } from './grid-keys';
import { copyWithNotice, type CopyText, type SaveFile } from './host-actions';
import { MetricPlot } from './metric-plot';
import { QcInMisoDialog } from './qc-in-miso-dialog';
import { ShortcutsHelp } from './shortcuts-help';
import { TableFilters } from './table-filters';
import { TableGrid } from './table-grid';
import { plural } from '../../lib/text';
import { seriesKeysFor } from '../../lib/trends/series-keys';
import type { TrendsSource } from '../trends/trend-types';
import { TrendView } from '../trends/trend-view';

export interface RunTableViewProps {
  table: RunTable;
  assaysById: AssaysById;
  grouping: QcInMisoGrouping;
  onOpenQcInMiso: OpenQcInMiso;
  /** MISO's address, for the links on library names; '' without MISO. */
  misoUrl: string;
  /** Puts text on the clipboard. */
  onCopy: CopyText;
  onSaveFile: SaveFile;
  /** For the downloaded file's rows and name. */
  runName: string;
  virtualize?: boolean;
  /** The columns the user hid for this table's assays, and the row density; both kept by the overlay's host. */
  hidden: HiddenColumns;
  onHiddenChange: (hidden: HiddenColumns) => void;
  density: Density;
  onDensityChange: (density: Density) => void;
  /** Trend views from the metric column headers; without it the columns offer none. */
  trends?: TrendsSource;
}

/** One category's table: heading, filters, selection actions, plots, the grid and the QC in MISO dialog. */
export function RunTableView(props: RunTableViewProps) {
  const {
    table,
    assaysById,
    grouping,
    onOpenQcInMiso,
    misoUrl,
    onCopy,
    onSaveFile,
    runName,
    virtualize = true,
    hidden,
    density,
  } = props;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [plotted, setPlotted] = useState<number[]>([]);
  const [trendColumn, setTrendColumn] = useState<number | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [notice, setNotice] = useState('');

  const names = useMemo(() => nameWidth(table.rows.map((row) => row.name)), [table.rows]);
  const values = useMemo(() => valueWidths(table.rows, table.columns.length), [table.rows, table.columns.length]);
  const columns = useMemo(
    () =>
      gridColumns(
        table.columns,
        { hiddenMetrics: new Set(hidden.metrics), hiddenDetails: new Set(hidden.details) },
        table.units,
        names,
        values,
      ),
    [table.columns, table.units, hidden, names, values],
  );
  const filtered = useMemo(() => filterRows(table.rows, filters), [table.rows, filters]);
  const shown = useMemo(() => sortRows(filtered, sort), [filtered, sort]);
  const selected = useMemo(() => selectedRows(table.rows, selection), [table.rows, selection]);
  const selectedSamples = useMemo(() => selected.map((row) => row.sample), [selected]);
  const plottedSet = useMemo(() => new Set(plotted), [plotted]);
  useEffect(() => setSelection((current) => keepExisting(current, table.rows)), [table.rows]);
  useEffect(() => {
    // Cells are evaluated when first shown; the rest are evaluated in short slices once the table is up,
    // so "select failing", metric sorts and plots are instant later without delaying the first rows.
    let next = 0;
    let timer: ReturnType<typeof setTimeout>;
    const slice = () => {
      next = warmRows(table.rows, next, performance.now() + 8);
      if (next < table.rows.length) timer = setTimeout(slice, 4);
    };
    timer = setTimeout(slice, 50);
    return () => clearTimeout(timer);
  }, [table.rows]);

  const shownIds = useMemo(() => new Set(shown.map((row) => row.id)), [shown]);
  const hiddenSelected = selected.filter((row) => !shownIds.has(row.id)).length;
  const helpId = `bao-${table.key}-help`;
  const reasonId = `bao-${table.key}-qc-reason`;

  const replaceSelection = (next: Selection, what: string) => {
    setSelection(next);
    setNotice(
      next.ids.size ? `Selected ${plural(next.ids.size, what, `${what}s`)}.` : `No ${what}s among the shown rows.`,
    );
  };

  const command = (name: GridCommand) => {
    switch (name) {
      case 'select-all':
        return replaceSelection(selectAllShown(shown), 'row');
      case 'select-failing':
        return replaceSelection(selectFailing(shown), 'failing row');
      case 'select-passing':
        return replaceSelection(selectPassing(shown), 'passing row');
      case 'clear':
        if (selection.ids.size) {
          setSelection(NO_SELECTION);
          setNotice('Selection cleared.');
        }
        return;
      case 'qc-in-miso':
        if (selected.length) setDialogOpen(true);
        else setNotice('Select libraries first: QC in MISO works on the selected rows.');
        return;
      case 'help':
        return setHelpOpen((open) => !open);
    }
  };

  const copyName = (row: RunTableRow) => {
    void copyWithNotice(onCopy, row.libraryName).then(setNotice);
  };

  const download = () => {
    onSaveFile(csvFileName(runName, table.key), tableCsv(runName, table, shown), 'text/csv');
    setNotice(`Downloaded ${plural(shown.length, 'row', 'rows')} as CSV.`);
  };

  const togglePlot = (metric: number) =>
    setPlotted((current) => (current.includes(metric) ? current.filter((m) => m !== metric) : [...current, metric]));
  const n = selected.length;

  return (
    <section class="bao-table" data-bao={`run-table-${table.key}`} aria-labelledby={`bao-${table.key}-title`}>
      <div class="bao-table__title">
        <h3 id={`bao-${table.key}-title`}>{table.title}</h3>
        <span class="bao-muted">
          {hasFilters(filters)
            ? `${shown.length} of ${plural(table.rows.length, 'library', 'libraries')} shown`
            : plural(table.rows.length, 'library', 'libraries')}
        </span>
      </div>
      <div class="bao-toolbar">
        <TableFilters tableKey={table.key} rows={table.rows} filters={filters} onChange={setFilters} />
        <span class="bao-spacer" />
        <div class="bao-filters" role="group" aria-label="View">
          <ColumnChooser tableKey={table.key} metrics={table.columns} hidden={hidden} onChange={props.onHiddenChange} />
          <DensityToggle density={density} onChange={props.onDensityChange} />
        </div>
      </div>
      <div class="bao-actions" role="group" aria-label="Selection">
        <button type="button" class="bao-button" onClick={() => command('select-all')} title="a">
          Select all shown
        </button>
        <button type="button" class="bao-button" onClick={() => command('select-failing')} title="f">
          Select failing
        </button>
        <button type="button" class="bao-button" onClick={() => command('select-passing')} title="p">
          Select passing
        </button>
        <button type="button" class="bao-button" onClick={() => command('clear')} disabled={n === 0} title="Escape">
          Clear
        </button>
        <span class="bao-count" role="status" data-bao="selected-count">
          {n} selected{hiddenSelected ? ` (${hiddenSelected} hidden by filters)` : ''}
        </span>
        <span class="bao-spacer" />
        <button
          type="button"
          class="bao-button bao-button--primary"
          data-bao="qc-in-miso"
          disabled={n === 0}
          aria-describedby={n === 0 ? reasonId : undefined}
          onClick={() => command('qc-in-miso')}
          title="q"
        >
          QC in MISO
        </button>
        {n === 0 && (
          <span id={reasonId} class="bao-muted bao-reason">
            Select libraries to QC them in MISO.
          </span>
        )}
        <button
          type="button"
          class="bao-button"
          data-bao="download-csv"
          onClick={download}
          disabled={shown.length === 0}
        >
          Download CSV
        </button>
        <ShortcutsHelp id={helpId} open={helpOpen} onToggle={() => setHelpOpen((open) => !open)} />
      </div>
      <p class="bao-notice" role="status" aria-live="polite">
        {notice}
      </p>
      {plotted.length > 0 && (
        <div class="bao-plots">
          {plotted.map((metric) => (
            <MetricPlot
              key={metric}
              column={table.columns[metric]}
              rows={filtered}
              metric={metric}
              onClose={() => togglePlot(metric)}
            />
          ))}
        </div>
      )}
      {props.trends && trendColumn !== null && table.columns[trendColumn] !== undefined && (
        <TrendView
          key={trendColumn}
          keys={seriesKeysFor(
            table.category,
            table.columns[trendColumn],
            table.rows.map((row) => row.sample),
            assaysById,
          )}
          load={props.trends.load}
          onClose={() => setTrendColumn(null)}
          onCopy={(text) => void copyWithNotice(onCopy, text, 'the trend table').then(setNotice)}
          assayName={(id) => assaysById[String(id)]?.name ?? `Assay ${id}`}
        />
      )}
      <TableLegend />
      <TableGrid
        tableKey={table.key}
        density={density}
        title={table.title}
        columns={columns}
        rows={shown}
        selection={selection}
        sort={sort}
        plotted={plottedSet}
        virtualize={virtualize}
        onToggleRow={(id, range) =>
          setSelection((current) => (range ? selectRange(current, shown, id) : toggleRow(current, id)))
        }
        onToggleAllShown={() =>
          setSelection((current) =>
            shown.length && shown.every((row) => current.ids.has(row.id))
              ? unselectRows(current, shown)
              : selectAllShown(shown),
          )
        }
        onSort={(key) => setSort((current) => nextSort(current, key))}
        onTogglePlot={togglePlot}
        onOpenTrend={props.trends ? setTrendColumn : undefined}
        onCommand={command}
        misoUrl={misoUrl}
        onCopyName={copyName}
      />
      {shown.length === 0 && (
        <p class="bao-empty">
          No libraries match the filters.{' '}
          <button type="button" class="bao-link" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        </p>
      )}
      {dialogOpen && (
        <QcInMisoDialog
          runName={runName}
          tableTitle={table.title}
          category={table.category}
          samples={selectedSamples}
          assaysById={assaysById}
          grouping={grouping}
          onOpen={onOpenQcInMiso}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </section>
  );
}
