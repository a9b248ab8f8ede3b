import type { RunTableRow } from './run-table-model';

// Row selection for "QC in MISO". Selections are sets of run-library ids, so they survive sorting
// and filtering; the bulk selections ("all shown", "failing", "passing") replace the selection
// with rows that are currently shown, since selecting what the user cannot see would surprise them.

export interface Selection {
  ids: ReadonlySet<string>;
  /** The last row toggled on its own: where a Shift range starts. */
  anchor: string | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

export function toggleRow(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** Shift+Space / Shift+click: adds every shown row from the anchor to `id`, both included. */
export function selectRange(selection: Selection, shown: readonly RunTableRow[], id: string): Selection {
  const to = shown.findIndex((row) => row.id === id);
  const from = selection.anchor === null ? -1 : shown.findIndex((row) => row.id === selection.anchor);
  if (to < 0) return selection;
  if (from < 0) return toggleRow(selection, id);
  const ids = new Set(selection.ids);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) ids.add(shown[i].id);
  return { ids, anchor: selection.anchor };
}

const replaceWith = (rows: readonly RunTableRow[]): Selection => ({
  ids: new Set(rows.map((row) => row.id)),
  anchor: null,
});

export const selectAllShown = (shown: readonly RunTableRow[]): Selection => replaceWith(shown);

/** Rows with at least one failing cell. */
export const selectFailing = (shown: readonly RunTableRow[]): Selection =>
  replaceWith(shown.filter((row) => row.failing));

/** Rows whose cells all pass or do not apply: nothing unavailable, nothing failing. */
export const selectPassing = (shown: readonly RunTableRow[]): Selection =>
  replaceWith(shown.filter((row) => row.passing));

/** The header box when every shown row is already selected: unselects them, keeps hidden selections. */
export function unselectRows(selection: Selection, rows: readonly RunTableRow[]): Selection {
  const ids = new Set(selection.ids);
  for (const row of rows) ids.delete(row.id);
  return { ids, anchor: null };
}

/** Selected rows in table order, including ones the filters hide. */
export function selectedRows(rows: readonly RunTableRow[], selection: Selection): RunTableRow[] {
  return rows.filter((row) => selection.ids.has(row.id));
}

/** Drops ids that are no longer in the table (after fresh data arrives). */
export function keepExisting(selection: Selection, rows: readonly RunTableRow[]): Selection {
  if (selection.ids.size === 0) return selection;
  const existing = new Set(rows.map((row) => row.id));
  const ids = new Set([...selection.ids].filter((id) => existing.has(id)));
  if (ids.size === selection.ids.size) return selection;
  return { ids, anchor: selection.anchor !== null && existing.has(selection.anchor) ? selection.anchor : null };
}
