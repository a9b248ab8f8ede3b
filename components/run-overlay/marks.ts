import type { CellEvaluation, Outcome } from '../../lib/qc/evaluate';

// Colour never carries meaning alone (product.md, testability contract): every shaded cell also
// gets a text mark and words for screen readers. Glyphs are plain text, so no icon font is needed;
// each is in the common system fonts (DejaVu, Segoe UI Symbol, Apple Symbols), unlike emoji such as ⌛.

const ICON_GLYPHS: Record<string, string> = {
  check: '✓',
  xmark: '✕',
  'magnifying-glass': '⌕',
  'hourglass-half': '◷',
  'triangle-exclamation': '⚠',
  'pen-to-square': '✎',
  question: '?',
  'pen-ruler': 'P',
  glasses: '◎',
  'fill-drip': '↻',
  'road-barrier': '…',
  'right-left': '⇄',
  'circle-check': '✓',
  'hard-drive': '▤',
  ban: '⊘',
  user: '◉',
};

export function glyphFor(icon: string | null): string {
  return icon === null ? '' : (ICON_GLYPHS[icon] ?? '');
}

export interface CellMark {
  /** The visible mark beside the value; '' when the cell needs none (a plain passing number). */
  glyph: string;
  kind: 'fail' | 'unavailable' | 'preliminary' | 'pass' | 'none';
}

export function cellMark(cell: Pick<CellEvaluation, 'outcome' | 'icon' | 'preliminary'>): CellMark {
  if (cell.preliminary) return { glyph: 'P', kind: 'preliminary' };
  switch (cell.outcome) {
    case 'fail':
      return { glyph: '✕', kind: 'fail' };
    case 'unavailable':
      return { glyph: glyphFor(cell.icon) || '?', kind: 'unavailable' };
    case 'pass':
      return cell.icon === 'check' ? { glyph: '✓', kind: 'pass' } : { glyph: '', kind: 'none' };
    case 'na':
      return { glyph: '', kind: 'none' };
  }
}

export const OUTCOME_WORDS: Record<Outcome, string> = {
  pass: 'passes',
  fail: 'fails',
  unavailable: 'unavailable',
  na: 'not applicable',
};

/** What a screen reader hears for a metric cell: `Mean Insert Size: 257.8, passes`. */
export function cellLabel(column: string, cell: Pick<CellEvaluation, 'outcome' | 'display' | 'preliminary'>): string {
  const words = cell.preliminary ? 'preliminary value, unavailable' : OUTCOME_WORDS[cell.outcome];
  return cell.outcome === 'na' ? `${column}: not applicable` : `${column}: ${cell.display}, ${words}`;
}
