import { describe, expect, test } from 'vitest';
import { buildRunTables, misoRunLink, warmRows, type RunTable } from '../../../lib/run-table/run-table-model';
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
} from '../../../lib/run-table/table-selection';
import {
  NO_FILTERS,
  filterOptions,
  filterRows,
  nextSort,
  sortRows,
  type Filters,
  type Sort,
} from '../../../lib/run-table/table-view';
import { evaluateCell } from '../../../lib/qc/evaluate';
import { RUN_NAME, runData } from './run-data';

const model = buildRunTables(runData());
const fd = model.tables.find((t) => t.key === 'fd')!;
const names = (rows: readonly { libraryName: string }[]) => rows.map((r) => r.libraryName);

describe('tables, columns and rows', () => {
  test('one table per category that has rows, titled like Dimsum, LQ first', () => {
    expect(model.tables.map((t) => [t.key, t.title, t.category])).toEqual([
      ['lq', 'Library Qualifications', 'LIBRARY_QUALIFICATION'],
      ['fd', 'Full-Depth Sequencing', 'FULL_DEPTH_SEQUENCING'],
    ]);
    const fdOnly = buildRunTables(runData({ lq: [] }));
    expect(fdOnly.tables.map((t) => t.key)).toEqual(['fd']);
    expect(buildRunTables(runData({ lq: [], fd: [] })).tables).toEqual([]);
  });

  test('metric columns come from every row of the table, in assay order (a WT-only metric included)', () => {
    expect(fd.columns).toEqual([
      'Mean Coverage Deduplicated',
      'Duplication Rate',
      'Mean Insert Size',
      'rRNA Contamination',
    ]);
    expect(model.tables[0].columns).toEqual(['Mean Insert Size']);
  });

  test('each row carries the run-library id, Dimsum name, project, design, tissue, status and one cell per column', () => {
    const row = fd.rows.find((r) => r.libraryName === 'B_FAILING_WG')!;
    expect(row).toMatchObject({
      id: '5476_1_LDI102',
      name: 'B_FAILING_WG (L1)',
      lane: 1,
      project: 'PROJ',
      design: 'WG',
      tissue: 'Lv M',
    });
    expect(row.status).toMatchObject({ key: 'failed', label: 'Failed', shade: 'red' });
    expect(row.status.tooltip).toEqual(['Status: Low coverage (tess)', 'Note: redo']);
    expect(row.cells.map((c) => c.outcome)).toEqual(['fail', 'pass', 'pass', 'na']);
    // The cells are exactly the QC engine's evaluation.
    expect(row.cells[0]).toEqual(
      evaluateCell('Mean Coverage Deduplicated', 'FULL_DEPTH_SEQUENCING', row.sample, model.assaysById),
    );
  });

  test('cells are evaluated once, on first use; warmRows evaluates the rest in slices', () => {
    const fresh = buildRunTables(runData()).tables[1];
    expect(fresh.rows[0].cells).toBe(fresh.rows[0].cells);
    expect(warmRows(fresh.rows, 2, performance.now() - 1)).toBe(2);
    expect(warmRows(fresh.rows, 2, Number.POSITIVE_INFINITY)).toBe(fresh.rows.length);
  });

  test.each([
    ['A_PASSING_WG', false, true],
    ['B_FAILING_WG', true, false],
    ['C_PENDING_WG', false, false],
    ['D_PRELIMINARY_WG', false, false],
    ['E_OTHER_WT', false, true],
    ['F_NO_ASSAY_WG', false, true],
  ])('%s: failing %s, passing %s', (name, failing, passing) => {
    expect(fd.rows.find((r) => r.libraryName === name)).toMatchObject({ failing, passing });
  });

  test('the header: run status, flow cell, parameters and the document time; the MISO Edit Run link comes from the settings', () => {
    expect(model.header).toEqual({
      runName: RUN_NAME,
      status: expect.objectContaining({ key: 'dataReview', label: 'Pending data review' }),
      flowCell: 'S4',
      parameters: '2×151',
      asOf: '2023-01-08T10:00:00Z',
      stale: false,
    });
    expect(misoRunLink('https://miso.lab.org/', RUN_NAME)).toBe(`https://miso.lab.org/run/alias/${RUN_NAME}`);
    expect(misoRunLink('', RUN_NAME)).toBeNull();
  });
});

describe('filters', () => {
  const filtered = (filters: Partial<Filters>) => names(filterRows(fd.rows, { ...NO_FILTERS, ...filters }));

  test.each<[string, Partial<Filters>, string[]]>([
    [
      'no filter keeps every row',
      {},
      ['A_PASSING_WG', 'B_FAILING_WG', 'C_PENDING_WG', 'D_PRELIMINARY_WG', 'E_OTHER_WT', 'F_NO_ASSAY_WG'],
    ],
    ['one project', { project: ['OTHER'] }, ['E_OTHER_WT', 'F_NO_ASSAY_WG']],
    [
      'two values of one filter are OR-ed',
      { status: ['failed', 'passed'] },
      ['A_PASSING_WG', 'B_FAILING_WG', 'E_OTHER_WT'],
    ],
    ['different filters are AND-ed', { project: ['OTHER'], design: ['WG'] }, ['F_NO_ASSAY_WG']],
    ['AND of ORs', { project: ['PROJ', 'OTHER'], status: ['qc'] }, ['C_PENDING_WG', 'F_NO_ASSAY_WG']],
    ['a value no row has', { design: ['CM'] }, []],
  ])('%s', (_, filters, expected) => {
    expect(filtered(filters)).toEqual(expected);
  });

  test('filter menus list each value once with its count; statuses by label', () => {
    expect(filterOptions(fd.rows, 'project')).toEqual([
      { value: 'OTHER', count: 2, label: 'OTHER' },
      { value: 'PROJ', count: 4, label: 'PROJ' },
    ]);
    expect(filterOptions(fd.rows, 'status').map((o) => o.label)).toEqual([
      'Approved',
      'Failed',
      'Pending data review',
      'Pending QC',
    ]);
  });
});

describe('sorting', () => {
  const sorted = (sort: Sort, table: RunTable = fd) => names(sortRows(table.rows, sort));
  const metric = (column: number, direction: Sort['direction']): Sort => ({
    key: { kind: 'metric', column },
    direction,
  });

  test('by name, both directions', () => {
    expect(sorted({ key: { kind: 'name' }, direction: 'asc' })).toEqual([
      'A_PASSING_WG',
      'B_FAILING_WG',
      'C_PENDING_WG',
      'D_PRELIMINARY_WG',
      'E_OTHER_WT',
      'F_NO_ASSAY_WG',
    ]);
    expect(sorted({ key: { kind: 'name' }, direction: 'desc' })[0]).toBe('F_NO_ASSAY_WG');
  });

  test('by lane, then name', () => {
    expect(sorted({ key: { kind: 'lane' }, direction: 'asc' })).toEqual([
      'A_PASSING_WG',
      'B_FAILING_WG',
      'E_OTHER_WT',
      'C_PENDING_WG',
      'D_PRELIMINARY_WG',
      'F_NO_ASSAY_WG',
    ]);
    expect(sorted({ key: { kind: 'lane' }, direction: 'desc' }).slice(0, 3)).toEqual([
      'C_PENDING_WG',
      'D_PRELIMINARY_WG',
      'F_NO_ASSAY_WG',
    ]);
  });

  test('by status priority (failed first, approved last), then name', () => {
    expect(sorted({ key: { kind: 'status' }, direction: 'asc' })).toEqual([
      'B_FAILING_WG',
      'C_PENDING_WG',
      'F_NO_ASSAY_WG',
      'D_PRELIMINARY_WG',
      'A_PASSING_WG',
      'E_OTHER_WT',
    ]);
  });

  test('by a metric’s raw value; rows without a value last in both directions', () => {
    // Coverage: B 30, A 45, E 45, D 50 (preliminary), C none, F none (no assay).
    expect(sorted(metric(0, 'asc'))).toEqual([
      'B_FAILING_WG',
      'A_PASSING_WG',
      'E_OTHER_WT',
      'D_PRELIMINARY_WG',
      'C_PENDING_WG',
      'F_NO_ASSAY_WG',
    ]);
    expect(sorted(metric(0, 'desc'))).toEqual([
      'D_PRELIMINARY_WG',
      'A_PASSING_WG',
      'E_OTHER_WT',
      'B_FAILING_WG',
      'C_PENDING_WG',
      'F_NO_ASSAY_WG',
    ]);
    expect(sorted(metric(3, 'desc'))).toEqual([
      'E_OTHER_WT',
      'A_PASSING_WG',
      'B_FAILING_WG',
      'C_PENDING_WG',
      'D_PRELIMINARY_WG',
      'F_NO_ASSAY_WG',
    ]);
  });

  test('clicking a header: the same column flips, another starts ascending', () => {
    const byName: Sort = { key: { kind: 'name' }, direction: 'asc' };
    expect(nextSort(byName, { kind: 'name' })).toEqual({ key: { kind: 'name' }, direction: 'desc' });
    expect(nextSort(metric(1, 'desc'), { kind: 'metric', column: 1 }).direction).toBe('asc');
    expect(nextSort(metric(1, 'desc'), { kind: 'metric', column: 2 })).toEqual(metric(2, 'asc'));
  });

  test('sorting does not change the rows themselves', () => {
    const before = names(fd.rows);
    sortRows(fd.rows, metric(0, 'desc'));
    expect(names(fd.rows)).toEqual(before);
  });
});

describe('selection', () => {
  const shown = sortRows(fd.rows, { key: { kind: 'name' }, direction: 'asc' });
  const ids = (selection: { ids: ReadonlySet<string> }) =>
    names(selectedRows(fd.rows, { ...NO_SELECTION, ...selection }));

  test('select failing: rows with any failing cell', () => {
    expect(ids(selectFailing(shown))).toEqual(['B_FAILING_WG']);
  });

  test('select passing: every cell passes or is N/A (pending and preliminary rows are not passing)', () => {
    expect(ids(selectPassing(shown))).toEqual(['A_PASSING_WG', 'E_OTHER_WT', 'F_NO_ASSAY_WG']);
  });

  test('bulk selections take only the shown rows and replace the selection', () => {
    const other = filterRows(fd.rows, { ...NO_FILTERS, project: ['OTHER'] });
    const before = toggleRow(NO_SELECTION, '5476_1_LDI101');
    expect(ids(selectAllShown(other))).toEqual(['E_OTHER_WT', 'F_NO_ASSAY_WG']);
    expect(ids(selectPassing(other))).not.toContain('A_PASSING_WG');
    expect(before.ids.size).toBe(1);
  });

  test('toggle sets the anchor; a range adds every shown row from the anchor, in either direction', () => {
    let selection = toggleRow(NO_SELECTION, shown[1].id);
    selection = selectRange(selection, shown, shown[4].id);
    expect(ids(selection)).toEqual(['B_FAILING_WG', 'C_PENDING_WG', 'D_PRELIMINARY_WG', 'E_OTHER_WT']);
    expect(selection.anchor).toBe(shown[1].id);
    const up = selectRange(toggleRow(NO_SELECTION, shown[3].id), shown, shown[0].id);
    expect(ids(up)).toEqual(['A_PASSING_WG', 'B_FAILING_WG', 'C_PENDING_WG', 'D_PRELIMINARY_WG']);
    expect(ids(toggleRow(toggleRow(NO_SELECTION, shown[0].id), shown[0].id))).toEqual([]);
  });

  test('a range without an anchor toggles just that row', () => {
    expect(ids(selectRange(NO_SELECTION, shown, shown[2].id))).toEqual(['C_PENDING_WG']);
  });

  test('unselecting the shown rows keeps hidden selections; fresh data drops vanished ids', () => {
    const all = selectAllShown(shown);
    expect(ids(unselectRows(all, shown.slice(0, 4)))).toEqual(['E_OTHER_WT', 'F_NO_ASSAY_WG']);
    const kept = keepExisting({ ids: new Set(['5476_1_LDI101', 'gone']), anchor: 'gone' }, fd.rows);
    expect([...kept.ids]).toEqual(['5476_1_LDI101']);
    expect(kept.anchor).toBeNull();
  });
});
