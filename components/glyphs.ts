import type { QcStatus } from '../lib/qc/status';

// The text glyphs standing in for the Font Awesome icons Dimsum uses (docs/qc-rules.md#qc-status-column), one table for the
// overlays and the popup, so a status looks the same wherever Bao shows it. They sit next to the
// status's words, never instead of them: colour and glyph never carry meaning alone. Each is in the
// common system fonts (DejaVu, Segoe UI Symbol, Apple Symbols), unlike emoji such as ⌛.

const ICON_GLYPHS: Readonly<Record<string, string>> = {
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

/** The glyph for a Font Awesome icon name; '' for none or one Bao has no glyph for. */
export function glyphFor(icon: string | null): string {
  return icon === null ? '' : (ICON_GLYPHS[icon] ?? '');
}

/** The glyph shown beside a QC status's label. */
export function statusGlyph(status: Pick<QcStatus, 'icon'>): string {
  return glyphFor(status.icon);
}
