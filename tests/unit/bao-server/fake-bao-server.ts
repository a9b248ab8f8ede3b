import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startPipeline } from '../../../lib/background/pipeline';
import { openBaoDb } from '../../../lib/db';
import type { CaseRecord } from '../../../lib/cardea/records';
import { caseFilesOf } from '../../../lib/snapshot/cases';
import {
  caseFileName,
  runFileName,
  SNAPSHOT_FORMAT,
  type SnapshotCaseFile,
  type SnapshotIndex,
  type SnapshotRunFile,
  type SnapshotTicket,
} from '../../../lib/snapshot/schema';
import { CARDEA, type FakeCardea } from '../pipeline/fake-cardea';
import { freshDatabase } from '../pipeline/helpers';

export const BAO = 'https://bao.lab.org';

/** A snapshot as a Bao server would publish it: `index.json`, one file per run and one per case bucket, by path. */
export interface Snapshot {
  index: SnapshotIndex;
  files: Map<string, SnapshotRunFile | SnapshotCaseFile>;
}

/** A content hash good enough for a test (FNV-1a, twice, as 16 hex digits). */
export function hashOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

const strip = <T extends { gen: number }>({ gen: _gen, ...rest }: T) => rest;

/**
 * Indexes FakeCardea's document the way direct mode does, then publishes what that index holds as a snapshot.
 * Leaves an empty IndexedDB and a reset browser behind, ready for the test's own pipeline.
 */
export async function snapshotOf(cardea: FakeCardea, tickets: Record<string, SnapshotTicket> = {}): Promise<Snapshot> {
  await fakeBrowser.storage.local.set({ settings: { cardeaUrl: CARDEA } });
  const pipeline = startPipeline();
  await pipeline.ready;
  pipeline.stop();
  const db = await openBaoDb();
  const [runs, libraries, assays, omitted, notifications, cases] = await Promise.all([
    db.getAll('runs'),
    db.getAll('runLibraries'),
    db.getAll('assays'),
    db.getAll('omittedRunLibraries'),
    db.getAll('notifications'),
    db.getAll('cases'),
  ]);
  const meta = await db.get('meta', 'currentGeneration');
  const files = new Map<string, SnapshotRunFile | SnapshotCaseFile>();
  const entries: SnapshotIndex['runs'] = [];
  for (const record of runs.map(strip)) {
    const ofRun = libraries.map(strip).filter((l) => l.runName === record.runName);
    const assayIds = new Set(ofRun.flatMap((l) => l.sample.assayIds));
    const file: SnapshotRunFile = {
      format: SNAPSHOT_FORMAT,
      runName: record.runName,
      run: record.run,
      facts: record.facts,
      libraries: ofRun,
      assays: assays.map(strip).filter((a) => assayIds.has(a.id)),
      omitted: omitted.map(strip).filter((o) => o.runName === record.runName),
    };
    const name = runFileName(record.runName, hashOf(JSON.stringify(file)));
    files.set(name, file);
    const notification = notifications.map(strip).find((n) => n.runName === record.runName) ?? null;
    entries.push({ runName: record.runName, file: name, notification, ticket: tickets[record.runName] ?? null });
  }
  const document = (meta as { document: Record<string, number> }).document;
  const index: SnapshotIndex = {
    format: SNAPSHOT_FORMAT,
    generation: `g-${cardea.timestamp}`,
    publishedAt: new Date().toISOString(),
    cardea: { url: CARDEA, timestamp: cardea.timestamp, lastSuccessAt: new Date().toISOString(), failure: null },
    document: {
      bytes: document.bytes!,
      cases: document.cases!,
      assays: document.assays!,
      runs: document.runs!,
      runLibraries: document.runLibraries!,
      omittedRunLibraries: document.omittedRunLibraries!,
      notifications: document.notifications!,
      runsRequiringAction: document.runsRequiringAction!,
    },
    runs: entries,
    caseFiles: [],
    trends: { options: { runs: 30, minHistory: 10 }, files: [] },
    keeper: null,
  };
  fakeBrowser.reset();
  await freshDatabase();
  // Several buckets even for a small document, so reading a case means finding its file.
  return withCases({ index, files }, cases.map(strip), 4);
}

/** The snapshot with these cases, in `buckets` case files (its old case files gone). */
export function withCases(snapshot: Snapshot, cases: CaseRecord[], buckets = 4): Snapshot {
  const files = new Map([...snapshot.files].filter(([name]) => !name.startsWith('cases/')));
  const caseFiles = caseFilesOf(cases, buckets).map((file) => {
    const name = caseFileName(file.bucket, hashOf(JSON.stringify(file)));
    files.set(name, file);
    return { file: name, count: file.cases.length };
  });
  return { index: { ...snapshot.index, caseFiles }, files };
}

/** Every case of the snapshot, from its case files. */
export function casesOf(snapshot: Snapshot): CaseRecord[] {
  return snapshot.index.caseFiles.flatMap((entry) => (snapshot.files.get(entry.file) as SnapshotCaseFile).cases);
}

export type ServerFault = (path: string) => Response | undefined;

/** A Bao server behind a stubbed `fetch`: strong ETags, 304 on If-None-Match, a log of what was asked. */
export class FakeBaoServer {
  calls: { path: string; ifNoneMatch: string | null; status: number }[] = [];
  fault: ServerFault | undefined;
  /** Every request that went anywhere else (Cardea included). */
  elsewhere: string[] = [];
  private etagCount = 0;
  private etag = '';

  constructor(public snapshot: Snapshot) {
    this.publish(snapshot);
  }

  publish(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.etag = `"idx-${++this.etagCount}"`;
  }

  install(): this {
    vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== BAO) {
        this.elsewhere.push(url.href);
        throw new TypeError('fetch failed');
      }
      const ifNoneMatch = new Headers(init?.headers).get('If-None-Match');
      const response = this.answer(url.pathname, ifNoneMatch);
      this.calls.push({ path: url.pathname, ifNoneMatch, status: response.status });
      return response;
    });
    return this;
  }

  count(path: string): number {
    return this.calls.filter((c) => c.path === path).length;
  }

  private answer(path: string, ifNoneMatch: string | null): Response {
    const faulty = this.fault?.(path);
    if (faulty) return faulty;
    if (path === '/index.json') {
      if (ifNoneMatch === this.etag) return new Response(null, { status: 304, headers: { ETag: this.etag } });
      return new Response(JSON.stringify(this.snapshot.index), {
        headers: { 'Content-Type': 'application/json', ETag: this.etag },
      });
    }
    const file = this.snapshot.files.get(decodeURIComponent(path.slice(1)));
    // The server names files with the encoded run name; the map holds them as index.json names them.
    const named = file ?? this.snapshot.files.get(path.slice(1));
    if (named) return new Response(JSON.stringify(named), { headers: { 'Content-Type': 'application/json' } });
    return new Response('Not Found', { status: 404 });
  }
}
