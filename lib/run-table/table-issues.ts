import type { RunTableRow } from './run-table-model';

// The Issues column: how many of a row's metrics fail or have no usable value, so a problem far to the right of a
// wide table is seen (and reached) from the row's name.

export interface RowIssues {
  fail: number;
  unavailable: number;
}

/** Every metric of the row counts, shown or hidden by the column chooser. */
export function rowIssues(row: Pick<RunTableRow, 'cells'>): RowIssues {
  let fail = 0;
  let unavailable = 0;
  for (const cell of row.cells) {
    if (cell.outcome === 'fail') fail += 1;
    else if (cell.outcome === 'unavailable') unavailable += 1;
  }
  return { fail, unavailable };
}

/** The position in `metrics` (the shown columns' metric indexes, null for other columns) of the row's first issue. */
export function firstIssue(row: Pick<RunTableRow, 'cells'>, metrics: readonly (number | null)[]): number {
  return metrics.findIndex((metric) => {
    const outcome = metric === null ? null : row.cells[metric]?.outcome;
    return outcome === 'fail' || outcome === 'unavailable';
  });
}

/** What the Issues cell says to a screen reader, and in its tooltip. */
export function issuesLabel(issues: RowIssues, shownIssues: number): string {
  const total = issues.fail + issues.unavailable;
  if (total === 0) return 'No failing or unavailable metrics';
  const parts = [
    issues.fail ? `${issues.fail} failing` : '',
    issues.unavailable ? `${issues.unavailable} unavailable` : '',
  ].filter(Boolean);
  const hidden = total - shownIssues;
  const where = shownIssues === 0 ? ', all in hidden columns' : hidden > 0 ? `, ${hidden} in hidden columns` : '';
  return `Issues: ${parts.join(', ')}${where}${shownIssues ? '. Enter goes to the first' : ''}`;
}
