// The grid's keyboard map. Keys are only read while focus is inside the grid, and the overlay stops
// key events at its shadow root, so none of this reaches (or steals from) the host page.

export type GridCommand = 'select-all' | 'select-failing' | 'select-passing' | 'clear' | 'qc-in-miso' | 'help';

export type GridAction =
  | { type: 'move'; to: { row: number; column: number } }
  /** Space: the active row's box (Shift: the range from the last toggled row); on the header, its action. */
  | { type: 'toggle'; range: boolean }
  | { type: 'sort' }
  | { type: 'plot' }
  /** t on a metric column: open its trend view. */
  | { type: 'trend' }
  /** c: copy the active row's library name. */
  | { type: 'copy' }
  /** Enter on a row: open its library aliquot in MISO (on the Issues cell: go to the first issue). */
  | { type: 'open' }
  /** i: go to the row's first failing or unavailable metric. */
  | { type: 'issue' }
  | { type: 'command'; command: GridCommand };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Documented in the "?" popover; the same list drives it. */
export const SHORTCUTS: readonly (readonly [keys: string, action: string])[] = [
  ['↑ ↓ or k j', 'previous / next row (↑ from the first row reaches the column headers)'],
  ['← →', 'previous / next column'],
  ['Home End', 'first / last row'],
  ['Page Up / Page Down', '10 rows up / down'],
  ['Space', 'select or unselect the row; on a header: sort (or select all shown)'],
  ['Shift+Space', 'select every row from the last one toggled to this one'],
  [
    'Enter',
    'on a header: sort by that column (again: reverse); on a row: open its library aliquot in MISO; on the Issues cell: go to the row’s first failing or unavailable metric',
  ],
  ['i', 'go to the row’s first failing or unavailable metric'],
  ['c', 'copy the row’s library name'],
  ['v', 'show or hide the plot of the current metric column'],
  ['t', 'open the trend of the current metric column (prior runs on this instrument model)'],
  ['a', 'select all shown rows'],
  ['f', 'select the failing rows (any red cell)'],
  ['p', 'select the passing rows (every cell passes or is N/A)'],
  ['Escape', 'clear the selection, or close the dialog'],
  ['q', 'QC the selected libraries in MISO'],
  ['?', 'show or hide this help'],
];

const COMMANDS: Record<string, GridCommand> = {
  a: 'select-all',
  f: 'select-failing',
  p: 'select-passing',
  q: 'qc-in-miso',
  '?': 'help',
  Escape: 'clear',
};

/** What a key does at `at` (row -1 is the header row); null when the grid leaves the key alone. */
export function gridKeyAction(
  event: KeyInput,
  at: { row: number; column: number },
  size: { rows: number; columns: number; page: number },
): GridAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const move = (row: number, column = at.column): GridAction => ({ type: 'move', to: { row, column } });
  const last = size.rows - 1;
  switch (event.key) {
    case 'ArrowDown':
    case 'j':
      return move(Math.min(at.row + 1, last));
    case 'ArrowUp':
    case 'k':
      return move(Math.max(at.row - 1, -1));
    case 'ArrowLeft':
      return move(at.row, Math.max(at.column - 1, 0));
    case 'ArrowRight':
      return move(at.row, Math.min(at.column + 1, size.columns - 1));
    case 'Home':
      return move(last >= 0 ? 0 : -1);
    case 'End':
      return move(last);
    case 'PageDown':
      return move(Math.min(at.row + size.page, last));
    case 'PageUp':
      return move(Math.max(at.row - size.page, last >= 0 ? 0 : -1));
    case ' ':
    case 'Spacebar':
      return { type: 'toggle', range: event.shiftKey };
    case 'Enter':
      return at.row < 0 ? { type: 'sort' } : { type: 'open' };
    case 'v':
      return { type: 'plot' };
    case 't':
      return { type: 'trend' };
    case 'c':
      return at.row < 0 ? null : { type: 'copy' };
    case 'i':
      return at.row < 0 ? null : { type: 'issue' };
  }
  const command = COMMANDS[event.key];
  return command ? { type: 'command', command } : null;
}
