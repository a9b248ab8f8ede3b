import { MAX_NOTE_LENGTH } from '../../lib/case-signoff/plan';

// A small seeded generator (mulberry32): the same seed gives the same batches, notes and faults.

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  sample<T>(items: readonly T[], n: number): T[];
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)]!,
    sample: (items, n) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, n);
    },
  };
}

// What lab notes look like at their worst: URL-encoding's own characters, scripts other than Latin,
// emoji outside the BMP, newlines, and the occasional 10 kB paste.
const PIECES = [
  '50% + tumour/normal',
  'a+b=c',
  '100%',
  '%20 is not a space',
  '%E2%9C%93',
  'naïve café',
  'Größe ✓',
  'ДНК образец',
  'عينة الحمض النووي',
  '样本质量合格',
  '🧬🔬',
  '&amp; <b>bold</b>',
  'it\'s "quoted"',
  'tab\there',
  'line one\nline two',
  '\n\n',
  '#hash ?query &and=',
  '\\backslash\\',
];

/** A note unique to this batch (its tag first), varied in characters and length. */
export function randomNote(rng: Rng, tag: string): string {
  if (rng.chance(0.1)) return `${tag} (no pieces)`;
  const parts = [tag];
  for (let i = rng.int(1, 6); i > 0; i -= 1) parts.push(rng.pick(PIECES));
  let note = parts.join(rng.pick([' ', ' + ', '\n', '%']));
  if (rng.chance(0.08)) {
    // The dialog takes 4,000 characters (UTF-16 units); in three-byte characters that is 10 kB sent.
    const filler = rng.pick(['样本质量合格', 'ДНК образец ', '✓ 50% + ']);
    while (Buffer.byteLength(note) < 10_000 && note.length < MAX_NOTE_LENGTH - filler.length) note += filler;
  }
  return note;
}
