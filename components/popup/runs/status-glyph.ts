import type { QcStatusKey } from '../../../lib/qc/status';

/**
 * Text glyphs standing in for the Font Awesome icons Dimsum uses (§1.12), so the popup ships no icon font.
 * They sit next to the status label, never instead of it.
 */
export const statusGlyph: Readonly<Record<QcStatusKey, string>> = {
  construction: '⚠',
  sequencing: '✎',
  analysis: '⧗',
  qc: '⌕',
  transfer: '⇄',
  dataReview: '◉',
  passed: '✓',
  passedDifferentAssay: '✔',
  staged: '⛁',
  failed: '✗',
  topUp: '▲',
  na: '⊘',
  assigned: '☺',
};
