import { getSnapshotMeta, updateSnapshotMeta, writeSnapshotGeneration, type SnapshotMeta } from '../db';
import type { SnapshotIndex } from '../snapshot/schema';
import { fetchSnapshotIndex, type FetchOptions } from './client';

// Server mode's poll: one conditional GET of `index.json`. A 304 is idle. A new snapshot becomes a new IndexedDB
// generation (cases, notifications, and which file holds each run), switched to in one write like Cardea's
// document, so the badge, the popup and the overlays read it as they read Cardea's. A rewrite of the same snapshot
// that only says how Cardea is doing updates that and nothing else.

export type ServerPoll =
  | { outcome: 'not-modified'; snapshot: SnapshotMeta | undefined }
  | { outcome: 'unchanged' | 'committed'; index: SnapshotIndex; bytes: number };

/** A short fingerprint of what readers see (FNV-1a over the JSON): equal keys, same generation content. */
export function contentKey(index: SnapshotIndex): string {
  const text = JSON.stringify([index.generation, index.runs, index.cases]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${index.generation}:${text.length}:${hash.toString(16)}`;
}

export async function pollBaoServer(base: string, options: FetchOptions = {}): Promise<ServerPoll> {
  const known = await getSnapshotMeta();
  const same = known?.source === base ? known : undefined;
  const fetched = await fetchSnapshotIndex(base, same?.etag ?? null, options);
  if (fetched.status === 'not-modified') return { outcome: 'not-modified', snapshot: same };
  const { index, etag, bytes } = fetched;
  const key = contentKey(index);
  const cardeaFailure = index.cardea.failure;
  if (same?.contentKey === key) {
    await updateSnapshotMeta({ etag, cardeaFailure, keeper: index.keeper });
    return { outcome: 'unchanged', index, bytes };
  }
  await writeSnapshotGeneration({
    source: base,
    snapshotId: index.generation,
    contentKey: key,
    etag,
    cardeaFailure,
    keeper: index.keeper,
    summary: { timestamp: index.cardea.timestamp, ...index.document },
    cases: index.cases,
    notifications: index.runs.flatMap((r) => (r.notification ? [r.notification] : [])),
    runs: Object.fromEntries(index.runs.map((r) => [r.runName, { file: r.file, ticket: r.ticket }])),
  });
  return { outcome: 'committed', index, bytes };
}
