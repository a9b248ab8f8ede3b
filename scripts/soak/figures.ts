import { z } from 'zod';
import type { NabuRow } from '../../sandbox/nabu/state';

// What the soak asked for against what Nabu and MISO hold at the end.

export interface AskedSignoff {
  caseId: string;
  step: string;
  qcPassed: boolean | null;
  release: boolean | null;
  note: string;
}

export interface SoakFigures {
  signoffs: { asked: number; stored: number; lost: number; doubled: number; changed: number; superseded: number };
  batches: { asked: number; delivered: number; lost: number; doubled: number };
  /** Outbox entries and QC-in-MISO batches Bao still keeps after the drain. */
  outboxLeft: number;
  misoBatchesLeft: number;
  durationMs: number;
  /** What the fault schedule did, for the table. */
  faults: Record<string, number>;
  /** The first sign-offs and batches that were lost or doubled, with what happened around them. */
  details: string[];
}

const signoffKey = (s: { caseId: string; step: string; qcPassed: boolean | null; release: boolean | null }) =>
  JSON.stringify([s.caseId, s.step, s.qcPassed, s.release]);

/**
 * A row is stored when case, step, status and note are the asked ones, byte for byte; doubled when
 * more than one row says so; changed when a row matches no asked sign-off (its note or status differs
 * from what the user typed and chose). A sign-off whose row came back changed counts as lost too.
 */
export function countSignoffs(asked: AskedSignoff[], rows: NabuRow[]) {
  const wanted = new Map<string, number>();
  for (const a of asked) {
    const key = JSON.stringify([signoffKey(a), a.note]);
    wanted.set(key, (wanted.get(key) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  let changed = 0;
  for (const row of rows) {
    const key = JSON.stringify([
      signoffKey({
        caseId: row.caseIdentifier,
        step: row.signoffStepName,
        qcPassed: row.qcPassed,
        release: row.release,
      }),
      row.comment ?? '',
    ]);
    if (wanted.has(key)) seen.set(key, (seen.get(key) ?? 0) + 1);
    else changed += 1;
  }
  let stored = 0;
  let lost = 0;
  let doubled = 0;
  let superseded = 0;
  const details: string[] = [];
  // Bao does not resend a sign-off once a later one for the same case and step is in Nabu: the newer
  // decision stands (docs/case-signoffs.md). Such a sign-off is superseded, not lost.
  const storedLater = (index: number) =>
    asked.some(
      (b, j) =>
        j > index &&
        b.caseId === asked[index]!.caseId &&
        b.step === asked[index]!.step &&
        (seen.get(JSON.stringify([signoffKey(b), b.note])) ?? 0) > 0,
    );
  const firstIndex = new Map(asked.map((a, i) => [JSON.stringify([signoffKey(a), a.note]), i]));
  for (const [key, count] of wanted) {
    const got = seen.get(key) ?? 0;
    stored += Math.min(got, count);
    if (got < count && storedLater(firstIndex.get(key)!)) {
      superseded += count - got;
      continue;
    }
    if (got < count) lost += count - got;
    if (got > count) doubled += got - count;
    if (got !== count) details.push(`${got > count ? 'doubled' : 'lost'}: ${describe(key, rows)}`);
  }
  return { asked: asked.length, stored, lost, doubled, changed, superseded, details };
}

function describe(key: string, rows: NabuRow[]): string {
  const [signoff, note] = z.tuple([z.string(), z.string()]).parse(JSON.parse(key));
  const [caseId] = z.array(z.unknown()).parse(JSON.parse(signoff));
  const tag = note.split(/[\n:]/)[0]?.slice(0, 24);
  const matching = rows.filter((r) => r.caseIdentifier === caseId && r.comment === note);
  return `${String(caseId)} “${tag}” rows ${matching.map((r) => `#${r.id} ${r.created}`).join(', ') || 'none'}`;
}

/** A QC-in-MISO batch is delivered when MISO rendered a metrics page with exactly its run-libraries. */
export function countBatches(asked: string[][], shown: string[][]) {
  const key = (ids: string[]) => [...ids].sort().join('\n');
  const pages = new Map<string, number>();
  for (const ids of shown) pages.set(key(ids), (pages.get(key(ids)) ?? 0) + 1);
  let delivered = 0;
  let lost = 0;
  let doubled = 0;
  const details: string[] = [];
  for (const ids of asked) {
    const got = pages.get(key(ids)) ?? 0;
    if (got === 0) lost += 1;
    else delivered += 1;
    if (got > 1) doubled += got - 1;
    if (got !== 1) details.push(`batch ${got === 0 ? 'lost' : `shown ${got} times`}: ${ids.join(' ')}`);
  }
  return { asked: asked.length, delivered, lost, doubled, details };
}

export function soakFailed(f: SoakFigures): boolean {
  return (
    f.signoffs.lost > 0 ||
    f.signoffs.doubled > 0 ||
    f.signoffs.changed > 0 ||
    f.batches.lost > 0 ||
    f.batches.doubled > 0 ||
    f.outboxLeft > 0 ||
    f.misoBatchesLeft > 0
  );
}

export function formatFigures(f: SoakFigures): string {
  const rows: [string, string | number][] = [
    ['sign-offs asked', f.signoffs.asked],
    ['sign-offs stored', f.signoffs.stored],
    ['sign-offs lost', f.signoffs.lost],
    ['sign-offs doubled', f.signoffs.doubled],
    ['notes changed', f.signoffs.changed],
    ['superseded by a later one', f.signoffs.superseded],
    ['batches asked', f.batches.asked],
    ['batches delivered', f.batches.delivered],
    ['batches lost', f.batches.lost],
    ['batches doubled', f.batches.doubled],
    ['outbox left', f.outboxLeft],
    ['MISO batches left', f.misoBatchesLeft],
    ['duration', `${(f.durationMs / 1000).toFixed(0)} s`],
    ...Object.entries(f.faults).map(([name, n]): [string, number] => [`fault: ${name}`, n]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${String(value).padStart(8)}`).join('\n');
}
