import type { RunTableRow } from './run-table-model';

// How wide a metric column's values are, so a number is never cut ("134,412,6…"). Rows are evaluated lazily; a
// spread sample of them is enough to know the widest value of a column, and keeps a 2,000-row table quick to open.

const SAMPLE_ROWS = 300;

/** Per metric: the most characters of a numeric value shown, and whether any such value carries a mark (✕, P, …). */
export function valueWidths(rows: readonly RunTableRow[], columns: number): { chars: number; marked: boolean }[] {
  const widths = Array.from({ length: columns }, () => ({ chars: 0, marked: false }));
  const step = Math.max(1, Math.ceil(rows.length / SAMPLE_ROWS));
  for (let i = 0; i < rows.length; i += step) {
    rows[i].cells.forEach((cell, c) => {
      // Words wrap onto a second line; only numbers must fit on one.
      if (/[a-z]{3}/i.test(cell.display) || !widths[c]) return;
      const marked = cell.preliminary || cell.outcome === 'fail' || cell.outcome === 'unavailable';
      if (cell.display.length > widths[c].chars) widths[c].chars = cell.display.length;
      if (marked) widths[c].marked = true;
    });
  }
  return widths;
}
