import type { CellEvaluation, Outcome } from '../../lib/qc/evaluate';
import { glyphFor } from '../glyphs';

// Colour never carries meaning alone (docs/architecture.md#colour-never-carries-meaning-alone): every shaded cell also
// gets a text mark (components/glyphs.ts) and words for screen readers.

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
