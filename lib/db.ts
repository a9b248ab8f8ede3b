import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { z } from 'zod';
import {
  CaseRecord,
  mergeRunLibrary,
  samplesByCategory,
  type Category,
  type DocumentSummary,
  type IndexBatch,
  type IndexWriter,
  type NotificationRecord,
  type RunLibraryRecord,
  type RunRecord,
} from './cardea/records';
import { StoredNotification, StoredRun, StoredRunLibrary } from './cardea/record-schemas';
import { Assay, OmittedRunSample, type Run, type Sample } from './cardea/schema';
import { PipelineStatus } from './messages/protocol';
import { Failure, FetchError, parseFrom } from './net/failure';
import {
  caseBucketOf,
  SnapshotTicket,
  SnapshotTrends,
  SnapshotTrendWarning,
  type SnapshotRunFile,
} from './snapshot/schema';

// The only module that touches IndexedDB. Cardea's document is indexed by generation: every key
// starts with the generation number, a new document is written beside the current one, and
// `meta.currentGeneration` switches readers over in one write. Readers read it first, in the same
// transaction as the data, so they never see half a document.

type Gen = number;
type Stored<T> = T & { gen: Gen };

interface BaoSchema extends DBSchema {
  meta: { key: string; value: unknown };
  runs: { key: [Gen, string]; value: Stored<RunRecord> };
  runLibraries: { key: [Gen, string, Category, string]; value: Stored<RunLibraryRecord> };
  assays: { key: [Gen, number]; value: Stored<Assay> };
  cases: { key: [Gen, string]; value: Stored<CaseRecord> };
  notifications: { key: [Gen, string]; value: Stored<NotificationRecord> };
  omittedRunLibraries: { key: [Gen, string, string]; value: Stored<OmittedRunSample> };
  // A Bao server's case files, by name (content-addressed: a name always holds the same cases), shared by every
  // snapshot generation that lists them.
  caseFiles: { key: string; value: StoredCaseFile };
  // Work Bao must not lose, outside the Cardea generations. Each owner validates its records with
  // zod on read (lib/miso/batches.ts, lib/nabu/outbox.ts, lib/keeper/state.ts).
  misoBatches: { key: string; value: KeptRecord };
  outbox: { key: string; value: KeptRecord };
  keeper: { key: string; value: KeptRecord };
}

/** A record of one of the keep stores: keyed by `id`; the rest is its owner's business. */
export type KeptRecord = { id: string } & Record<string, unknown>;
export type KeepStore = 'misoBatches' | 'outbox' | 'keeper';

type DataStore = 'runs' | 'runLibraries' | 'assays' | 'cases' | 'notifications' | 'omittedRunLibraries';
const DATA_STORES: DataStore[] = ['runs', 'runLibraries', 'assays', 'cases', 'notifications', 'omittedRunLibraries'];

export const DB_NAME = 'bao';
const DB_VERSION = 4;

const DocumentSummarySchema = z.object({
  timestamp: z.string().nullable(),
  bytes: z.number(),
  cases: z.number(),
  assays: z.number(),
  runs: z.number(),
  runLibraries: z.number(),
  omittedRunLibraries: z.number(),
  notifications: z.number(),
  runsRequiringAction: z.number(),
}) satisfies z.ZodType<DocumentSummary>;

export const CurrentIndex = z.object({
  generation: z.number().int(),
  /** The Cardea base URL the document came from. */
  source: z.string(),
  committedAt: z.string(),
  document: DocumentSummarySchema,
});
export type CurrentIndex = z.infer<typeof CurrentIndex>;

const META_CURRENT = 'currentGeneration';
const META_LAST = 'lastGeneration';
const META_PIPELINE = 'pipeline';

let opening: Promise<IDBPDatabase<BaoSchema>> | undefined;

export function openBaoDb(): Promise<IDBPDatabase<BaoSchema>> {
  opening ??= openDB<BaoSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('meta');
        db.createObjectStore('runs', { keyPath: ['gen', 'runName'] });
        db.createObjectStore('runLibraries', { keyPath: ['gen', 'runName', 'category', 'sampleId'] });
        db.createObjectStore('assays', { keyPath: ['gen', 'id'] });
        db.createObjectStore('cases', { keyPath: ['gen', 'id'] });
        db.createObjectStore('notifications', { keyPath: ['gen', 'runName'] });
      }
      if (oldVersion < 2) {
        db.createObjectStore('misoBatches', { keyPath: 'id' });
        db.createObjectStore('outbox', { keyPath: 'id' });
        db.createObjectStore('keeper', { keyPath: 'id' });
      }
      // Empty until the next document: an index written before has no omissions, which is what it shows.
      if (oldVersion < 3) db.createObjectStore('omittedRunLibraries', { keyPath: ['gen', 'runName', 'id'] });
      if (oldVersion < 4) db.createObjectStore('caseFiles', { keyPath: 'file' });
    },
    blocking() {
      // A newer version of Bao wants to upgrade: let it.
      void closeBaoDb();
    },
    terminated() {
      opening = undefined;
    },
  }).catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

/** Closes the connection (tests, upgrades); the next call opens a new one. */
export async function closeBaoDb(): Promise<void> {
  const pending = opening;
  opening = undefined;
  if (pending) (await pending.catch(() => undefined))?.close();
}

/** Every key of one generation, in any store: `[gen]` sorts before `[gen, …]`, which sort before `[gen + 1]`. */
const generationRange = (gen: Gen) => IDBKeyRange.bound([gen], [gen + 1], false, true);
/** One run's keys in `runs`, `runLibraries`, `omittedRunLibraries` and `notifications` (an array sorts after every string). */
const runRange = (gen: Gen, runName: string) => IDBKeyRange.bound([gen, runName], [gen, runName, []]);

const where = (store: string) => `IndexedDB ${store}`;

function readCurrent(value: unknown): CurrentIndex | undefined {
  return value === undefined ? undefined : parseFrom('Bao', where(META_CURRENT), CurrentIndex, value);
}

export async function getCurrentIndex(): Promise<CurrentIndex | undefined> {
  const db = await openBaoDb();
  return readCurrent(await db.get('meta', META_CURRENT));
}

export interface RunView {
  index: CurrentIndex;
  run: Run;
  facts: RunRecord['facts'];
  lq: Sample[];
  fd: Sample[];
  /** The assays that the run's libraries reference, by id. */
  assaysById: Record<string, Assay>;
  /** Which cases and tests each library belongs to, by run-library id. */
  membership: Record<string, { caseIds: string[]; testNames: string[] }>;
  /** Run-libraries sequenced on the run but in no case. */
  omitted: OmittedRunSample[];
}

/** The run, its LQ and FD run-libraries and their assays, or undefined when the index has no such run. */
export async function getRunView(runName: string): Promise<RunView | undefined> {
  const db = await openBaoDb();
  const tx = db.transaction(['meta', 'runs', 'runLibraries', 'assays', 'omittedRunLibraries'], 'readonly');
  const index = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (!index) return undefined;
  const gen = index.generation;
  const rawRun = await tx.objectStore('runs').get([gen, runName]);
  if (!rawRun) return undefined;
  const { run, facts } = parseFrom('Bao', where('runs'), StoredRun, rawRun);
  const rawLibraries = await tx.objectStore('runLibraries').getAll(runRange(gen, runName));
  const libraries = rawLibraries.map((raw) => parseFrom('Bao', where('runLibraries'), StoredRunLibrary, raw));
  const rawOmitted = await tx.objectStore('omittedRunLibraries').getAll(runRange(gen, runName));
  const omitted = rawOmitted.map((raw) => parseFrom('Bao', where('omittedRunLibraries'), OmittedRunSample, raw));
  const assayIds = new Set(libraries.flatMap((l) => l.sample.assayIds));
  const assaysById: Record<string, Assay> = {};
  for (const id of assayIds) {
    const raw = await tx.objectStore('assays').get([gen, id]);
    if (raw) assaysById[String(id)] = parseFrom('Bao', where('assays'), Assay, raw);
  }
  await tx.done;
  const membership = Object.fromEntries(
    libraries.map((l) => [l.sampleId, { caseIds: l.caseIds, testNames: l.testNames }]),
  );
  return { index, run, facts, ...samplesByCategory(libraries, run), assaysById, membership, omitted };
}

/** Trends (docs/trends.md#the-series): every run record and assay of the current generation, with its number. */
export async function listTrendRuns(): Promise<
  { generation: number; runs: RunRecord[]; assaysById: Record<string, Assay> } | undefined
> {
  const db = await openBaoDb();
  const tx = db.transaction(['meta', 'runs', 'assays'], 'readonly');
  const index = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (!index) return undefined;
  const range = generationRange(index.generation);
  const [rawRuns, rawAssays] = await Promise.all([
    tx.objectStore('runs').getAll(range),
    tx.objectStore('assays').getAll(range),
  ]);
  await tx.done;
  const runs = rawRuns.map((raw) => parseFrom('Bao', where('runs'), StoredRun, raw));
  const assays = rawAssays.map((raw) => parseFrom('Bao', where('assays'), Assay, raw));
  return { generation: index.generation, runs, assaysById: Object.fromEntries(assays.map((a) => [String(a.id), a])) };
}

/**
 * Trends: these runs' LQ and FD run-libraries, by run name, read under `generation`; undefined when that
 * generation is no longer current (a new document came in since `listTrendRuns`).
 */
export async function readTrendSamples(
  generation: number,
  runs: readonly Run[],
): Promise<Map<string, { lq: Sample[]; fd: Sample[] }> | undefined> {
  const db = await openBaoDb();
  const tx = db.transaction(['meta', 'runLibraries'], 'readonly');
  const index = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (index?.generation !== generation) return undefined;
  const store = tx.objectStore('runLibraries');
  const raw = await Promise.all(runs.map((run) => store.getAll(runRange(generation, run.name))));
  await tx.done;
  const samples = new Map<string, { lq: Sample[]; fd: Sample[] }>();
  runs.forEach((run, i) => {
    const libraries = raw[i].map((r) => parseFrom('Bao', where('runLibraries'), StoredRunLibrary, r));
    samples.set(run.name, samplesByCategory(libraries, run));
  });
  return samples;
}

/** The runs with a notification in the current index (empty before the first document). */
export async function listNotifications(): Promise<{
  index: CurrentIndex | undefined;
  notifications: NotificationRecord[];
}> {
  const db = await openBaoDb();
  const tx = db.transaction(['meta', 'notifications'], 'readonly');
  const index = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (!index) return { index, notifications: [] };
  const raw = await tx.objectStore('notifications').getAll(generationRange(index.generation));
  await tx.done;
  return { index, notifications: raw.map((n) => parseFrom('Bao', where('notifications'), StoredNotification, n)) };
}

type CaseReadTx = IDBPTransaction<BaoSchema, ('meta' | 'cases' | 'caseFiles')[], 'readonly'>;

/** The current generation's case files when it is a snapshot's (its cases live there, not in `cases`). */
async function snapshotCaseFiles(tx: CaseReadTx, index: CurrentIndex): Promise<string[] | undefined> {
  const parsed = SnapshotMeta.safeParse(await tx.objectStore('meta').get(META_SNAPSHOT));
  return parsed.success && parsed.data.generation === index.generation ? parsed.data.caseFiles : undefined;
}

async function readCaseFile(tx: CaseReadTx, file: string): Promise<unknown[]> {
  const stored = await tx.objectStore('caseFiles').get(file);
  if (!stored)
    throw new FetchError({ kind: 'invalid', system: 'Bao', url: where('caseFiles'), issues: [`${file} is missing`] });
  return stored.cases;
}

const byId = (a: CaseRecord, b: CaseRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every case record of the current generation, read in one transaction with the generation pointer. */
export async function listCaseRecords(): Promise<{ index: CurrentIndex | undefined; records: CaseRecord[] }> {
  const db = await openBaoDb();
  const tx = db.transaction(['meta', 'cases', 'caseFiles'], 'readonly');
  const index = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (!index) return { index, records: [] };
  const files = await snapshotCaseFiles(tx, index);
  if (files) {
    const raw = (await Promise.all(files.map((file) => readCaseFile(tx, file)))).flat();
    await tx.done;
    return { index, records: raw.map((r) => parseFrom('Bao', where('caseFiles'), CaseRecord, r)).sort(byId) };
  }
  const raw = await tx.objectStore('cases').getAll(generationRange(index.generation));
  await tx.done;
  return { index, records: raw.map((r) => parseFrom('Bao', where('cases'), CaseRecord, r)) };
}

export async function getCaseRecord(caseId: string): Promise<CaseRecord | undefined> {
  const db = await openBaoDb();
  const tx = db.transaction(['meta', 'cases', 'caseFiles'], 'readonly');
  const index = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (!index) return undefined;
  const files = await snapshotCaseFiles(tx, index);
  if (files) {
    // The case can only be in its own bucket's file.
    const file = files.length > 0 ? files[caseBucketOf(caseId, files.length)] : undefined;
    const raw = file ? (await readCaseFile(tx, file)).find((r) => (r as { id?: unknown }).id === caseId) : undefined;
    await tx.done;
    return raw ? parseFrom('Bao', where('caseFiles'), CaseRecord, raw) : undefined;
  }
  const raw = await tx.objectStore('cases').get([index.generation, caseId]);
  await tx.done;
  return raw ? parseFrom('Bao', where('cases'), CaseRecord, raw) : undefined;
}

export async function getPipelineStatus(): Promise<PipelineStatus | undefined> {
  const db = await openBaoDb();
  const raw = await db.get('meta', META_PIPELINE);
  if (raw === undefined) return undefined;
  const parsed = PipelineStatus.safeParse(raw);
  // A status written by an older build is not worth failing over: the next poll rewrites it.
  return parsed.success ? parsed.data : undefined;
}

export async function putPipelineStatus(status: PipelineStatus): Promise<void> {
  const db = await openBaoDb();
  await db.put('meta', status, META_PIPELINE);
}

async function deleteRanges(db: IDBPDatabase<BaoSchema>, ranges: IDBKeyRange[]): Promise<void> {
  if (ranges.length === 0) return;
  const tx = db.transaction(DATA_STORES, 'readwrite');
  await Promise.all([
    ...DATA_STORES.flatMap((store) => ranges.map((range) => tx.objectStore(store).delete(range))),
    tx.done,
  ]);
}

/**
 * Deletes every generation but the current one: old ones the last switch left (if the worker
 * stopped before deleting them) and partial ones an interrupted ingest left. Call it only when no
 * ingest is running.
 */
export async function deleteStaleGenerations(): Promise<void> {
  const db = await openBaoDb();
  const current = readCurrent(await db.get('meta', META_CURRENT));
  if (!current) {
    const tx = db.transaction(DATA_STORES, 'readwrite');
    await Promise.all([...DATA_STORES.map((store) => tx.objectStore(store).clear()), tx.done]);
    return;
  }
  const gen = current.generation;
  await deleteRanges(db, [IDBKeyRange.upperBound([gen], true), IDBKeyRange.lowerBound([gen + 1])]);
}

/** Writes a new generation beside the current one; `commit` switches readers to it. */
export async function openIndexWriter(source: string): Promise<IndexWriter> {
  const db = await openBaoDb();
  return new IdbIndexWriter(db, await nextGeneration(db), source);
}

/** Reserves the next generation number and clears whatever an interrupted write left under it. */
async function nextGeneration(db: IDBPDatabase<BaoSchema>): Promise<Gen> {
  const tx = db.transaction('meta', 'readwrite');
  const meta = tx.objectStore('meta');
  const last = z
    .number()
    .int()
    .safeParse(await meta.get(META_LAST));
  const current = readCurrent(await meta.get(META_CURRENT));
  const gen = Math.max(last.success ? last.data : 0, current?.generation ?? 0) + 1;
  await meta.put(gen, META_LAST);
  await tx.done;
  await deleteRanges(db, [generationRange(gen)]);
  return gen;
}

class IdbIndexWriter implements IndexWriter {
  constructor(
    private readonly db: IDBPDatabase<BaoSchema>,
    readonly gen: Gen,
    private readonly source: string,
  ) {}

  async write(batch: IndexBatch): Promise<void> {
    const { gen } = this;
    const tx = this.db.transaction(['runs', 'runLibraries', 'assays', 'cases', 'omittedRunLibraries'], 'readwrite');
    const libraries = tx.objectStore('runLibraries');
    const merge = async (record: RunLibraryRecord) => {
      const existing = await libraries.get([gen, record.runName, record.category, record.sampleId]);
      await libraries.put({ ...(existing ? mergeRunLibrary(existing, record) : record), gen });
    };
    await Promise.all([
      ...batch.runs.map((r) => tx.objectStore('runs').put({ ...r, gen })),
      ...batch.assays.map((a) => tx.objectStore('assays').put({ ...a, gen })),
      ...batch.cases.map((c) => tx.objectStore('cases').put({ ...c, gen })),
      ...batch.runLibraries.map(merge),
      ...batch.omitted.map((o) => tx.objectStore('omittedRunLibraries').put({ ...o, gen })),
      tx.done,
    ]);
  }

  async readRun(runName: string): Promise<{ run: Run; libraries: RunLibraryRecord[] } | undefined> {
    const tx = this.db.transaction(['runs', 'runLibraries'], 'readonly');
    const record = await tx.objectStore('runs').get([this.gen, runName]);
    const libraries = record ? await tx.objectStore('runLibraries').getAll(runRange(this.gen, runName)) : [];
    await tx.done;
    return record ? { run: record.run, libraries } : undefined;
  }

  async finishRuns(runs: RunRecord[], notifications: NotificationRecord[]): Promise<void> {
    const { gen } = this;
    const tx = this.db.transaction(['runs', 'notifications'], 'readwrite');
    await Promise.all([
      ...runs.map((r) => tx.objectStore('runs').put({ ...r, gen })),
      ...notifications.map((n) => tx.objectStore('notifications').put({ ...n, gen })),
      tx.done,
    ]);
  }

  async commit(summary: DocumentSummary): Promise<void> {
    const current: CurrentIndex = {
      generation: this.gen,
      source: this.source,
      committedAt: new Date().toISOString(),
      document: summary,
    };
    await this.db.put('meta', current, META_CURRENT);
    await deleteRanges(this.db, [IDBKeyRange.upperBound([this.gen], true)]);
    // A Bao server's case files belong to no generation of Cardea's document.
    await this.db.clear('caseFiles');
  }

  async abort(): Promise<void> {
    await deleteRanges(this.db, [generationRange(this.gen)]);
  }
}

// ---- server mode: a generation built from a Bao server's snapshot ---------------------------------
//
// A snapshot generation holds the cases and notifications of `index.json` at once, and a run's run record,
// run-libraries, assays and Omissions only once its file was fetched (an overlay asked). Which file holds each
// run, and each run's ticket as the server's keeper recorded it, live in `meta.snapshot`, written in the same
// transaction as the generation switch, so readers see both or neither.

const META_SNAPSHOT = 'snapshot';

export const SnapshotMeta = z.object({
  /** The IndexedDB generation this describes; any other generation is not a snapshot's. */
  generation: z.number().int(),
  /** The Bao server's base URL. */
  source: z.string(),
  /** The snapshot's own generation id (`index.json`'s `generation`). */
  snapshotId: z.string(),
  /** What the generation was built from (the snapshot's id and its runs and cases), to tell a status-only rewrite. */
  contentKey: z.string(),
  etag: z.string().nullable(),
  cardeaFailure: Failure.nullable(),
  /** How the server's ticket keeper last did; null when the server runs none. */
  keeper: z.object({ lastSyncAt: z.string().nullable(), failure: Failure.nullable() }).nullable().default(null),
  runs: z.record(
    z.string(),
    z.object({
      file: z.string(),
      ticket: SnapshotTicket.nullable(),
      /** The run's trend warnings as the server judged them (with `trends.options`). */
      trendWarnings: z.array(SnapshotTrendWarning).default([]),
    }),
  ),
  /** The case files that hold this generation's cases (in the `caseFiles` store), bucket 0 first. */
  caseFiles: z.array(z.string()).default([]),
  /** The snapshot's trend files, one per assay, and the options its warnings were judged with. */
  trends: SnapshotTrends.nullable().default(null),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;

/** A case file as stored: its name and its cases, as the server sent them (validated when fetched and when read). */
export interface StoredCaseFile {
  file: string;
  cases: CaseRecord[];
}

export interface SnapshotGeneration {
  source: string;
  snapshotId: string;
  contentKey: string;
  etag: string | null;
  cardeaFailure: Failure | null;
  keeper: SnapshotMeta['keeper'];
  summary: DocumentSummary;
  /** Its case files, bucket 0 first; each must be stored already (`putCaseFile`). */
  caseFiles: string[];
  notifications: NotificationRecord[];
  runs: SnapshotMeta['runs'];
  trends: SnapshotMeta['trends'];
}

/** Which of these case files are stored already. */
export async function storedCaseFiles(files: readonly string[]): Promise<Set<string>> {
  const db = await openBaoDb();
  const tx = db.transaction('caseFiles', 'readonly');
  const keys = await Promise.all(files.map((file) => tx.store.getKey(file)));
  await tx.done;
  return new Set(keys.filter((key): key is string => key !== undefined));
}

/** Stores a case file fetched from a Bao server. Harmless before the switch: no generation lists it yet. */
export async function putCaseFile(file: StoredCaseFile): Promise<void> {
  await (await openBaoDb()).put('caseFiles', file);
}

/** The snapshot behind the current generation, or undefined when it came from Cardea (or there is none). */
export async function getSnapshotMeta(): Promise<SnapshotMeta | undefined> {
  const db = await openBaoDb();
  const tx = db.transaction('meta', 'readonly');
  const index = readCurrent(await tx.store.get(META_CURRENT));
  const raw = await tx.store.get(META_SNAPSHOT);
  await tx.done;
  if (!index || raw === undefined) return undefined;
  const parsed = SnapshotMeta.safeParse(raw);
  return parsed.success && parsed.data.generation === index.generation ? parsed.data : undefined;
}

/** Updates what `index.json` said without a new document: its ETag, and whether Cardea is failing. */
export async function updateSnapshotMeta(
  patch: Pick<SnapshotMeta, 'etag' | 'cardeaFailure' | 'keeper'>,
): Promise<void> {
  const db = await openBaoDb();
  const tx = db.transaction('meta', 'readwrite');
  const parsed = SnapshotMeta.safeParse(await tx.store.get(META_SNAPSHOT));
  if (parsed.success) await tx.store.put({ ...parsed.data, ...patch }, META_SNAPSHOT);
  await tx.done;
}

/** A run's records under one generation: its run record, run-libraries, Omissions and the assays they use. */
async function readRunRecords(db: IDBPDatabase<BaoSchema>, gen: Gen, runName: string) {
  const tx = db.transaction(['runs', 'runLibraries', 'assays', 'omittedRunLibraries'], 'readonly');
  const run = await tx.objectStore('runs').get([gen, runName]);
  const libraries = run ? await tx.objectStore('runLibraries').getAll(runRange(gen, runName)) : [];
  const omitted = run ? await tx.objectStore('omittedRunLibraries').getAll(runRange(gen, runName)) : [];
  const assays: Stored<Assay>[] = [];
  for (const id of new Set(libraries.flatMap((l) => l.sample.assayIds))) {
    const assay = await tx.objectStore('assays').get([gen, id]);
    if (assay) assays.push(assay);
  }
  await tx.done;
  return run ? { run, libraries, omitted, assays } : undefined;
}

/**
 * Writes a snapshot's `index.json` as a new generation and switches readers to it. Runs whose file did not change
 * (same content-hashed name) are copied over from the generation it replaces, so their overlays need no download.
 */
export async function writeSnapshotGeneration(input: SnapshotGeneration): Promise<void> {
  const db = await openBaoDb();
  const previous = await getSnapshotMeta();
  const gen = await nextGeneration(db);
  try {
    const tx = db.transaction(['notifications'], 'readwrite');
    await Promise.all([...input.notifications.map((n) => tx.objectStore('notifications').put({ ...n, gen })), tx.done]);
    if (previous?.source === input.source) {
      for (const [runName, { file }] of Object.entries(input.runs)) {
        if (previous.runs[runName]?.file !== file) continue;
        const kept = await readRunRecords(db, previous.generation, runName);
        if (kept) await putRunRecords(db, gen, kept);
      }
    }
    const current: CurrentIndex = {
      generation: gen,
      source: input.source,
      committedAt: new Date().toISOString(),
      document: input.summary,
    };
    const snapshot: SnapshotMeta = {
      generation: gen,
      source: input.source,
      snapshotId: input.snapshotId,
      contentKey: input.contentKey,
      etag: input.etag,
      cardeaFailure: input.cardeaFailure,
      keeper: input.keeper,
      runs: input.runs,
      caseFiles: input.caseFiles,
      trends: input.trends,
    };
    // The switch checks that every listed case file is there, in the same transaction: all or nothing.
    const switchTx = db.transaction(['meta', 'caseFiles'], 'readwrite');
    const present = await Promise.all(input.caseFiles.map((file) => switchTx.objectStore('caseFiles').getKey(file)));
    const missing = input.caseFiles.filter((_, i) => present[i] === undefined);
    if (missing.length > 0) {
      switchTx.abort();
      await switchTx.done.catch(() => undefined);
      throw new Error(`case files not stored before the switch: ${missing.slice(0, 3).join(', ')}`);
    }
    await Promise.all([
      switchTx.objectStore('meta').put(current, META_CURRENT),
      switchTx.objectStore('meta').put(snapshot, META_SNAPSHOT),
      switchTx.done,
    ]);
  } catch (error) {
    await deleteRanges(db, [generationRange(gen)]).catch(() => undefined);
    throw error;
  }
  await deleteRanges(db, [IDBKeyRange.upperBound([gen], true)]);
  await deleteUnlistedCaseFiles(db);
}

/** Drops the case files the current snapshot does not list (read in the same transaction as the pointer). */
async function deleteUnlistedCaseFiles(db: IDBPDatabase<BaoSchema>): Promise<void> {
  const tx = db.transaction(['meta', 'caseFiles'], 'readwrite');
  const current = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  const parsed = SnapshotMeta.safeParse(await tx.objectStore('meta').get(META_SNAPSHOT));
  const listed = new Set(parsed.success && parsed.data.generation === current?.generation ? parsed.data.caseFiles : []);
  const keys = await tx.objectStore('caseFiles').getAllKeys();
  await Promise.all([
    ...keys.filter((key) => !listed.has(key)).map((key) => tx.objectStore('caseFiles').delete(key)),
    tx.done,
  ]);
}

async function putRunRecords(
  db: IDBPDatabase<BaoSchema>,
  gen: Gen,
  records: { run: RunRecord; libraries: RunLibraryRecord[]; omitted: OmittedRunSample[]; assays: Assay[] },
): Promise<void> {
  const tx = db.transaction(['runs', 'runLibraries', 'assays', 'omittedRunLibraries'], 'readwrite');
  // Stored records carry their old generation; the spread puts the new one over it.
  await Promise.all([
    tx.objectStore('runs').put({ ...records.run, gen }),
    ...records.libraries.map((l) => tx.objectStore('runLibraries').put({ ...l, gen })),
    ...records.omitted.map((o) => tx.objectStore('omittedRunLibraries').put({ ...o, gen })),
    ...records.assays.map((a) => tx.objectStore('assays').put({ ...a, gen })),
    tx.done,
  ]);
}

/**
 * Stores a run's file into the generation it was fetched for. False (and nothing written) when that generation
 * is no longer current: a newer snapshot came in meanwhile, and its own file for the run is what readers want.
 */
export async function putSnapshotRun(generation: number, file: SnapshotRunFile): Promise<boolean> {
  const db = await openBaoDb();
  const gen = generation;
  // The check and the writes in one transaction: a switch cannot slip in between and leave them orphaned.
  const tx = db.transaction(['meta', 'runs', 'runLibraries', 'assays', 'omittedRunLibraries'], 'readwrite');
  const current = readCurrent(await tx.objectStore('meta').get(META_CURRENT));
  if (current?.generation !== gen) {
    await tx.done;
    return false;
  }
  await Promise.all([
    tx.objectStore('runs').put({ runName: file.runName, run: file.run, facts: file.facts, gen }),
    ...file.libraries.map((l) => tx.objectStore('runLibraries').put({ ...l, gen })),
    ...file.omitted.map((o) => tx.objectStore('omittedRunLibraries').put({ ...o, gen })),
    ...file.assays.map((a) => tx.objectStore('assays').put({ ...a, gen })),
    tx.done,
  ]);
  return true;
}

// ---- keep stores: records that outlive a Cardea document -------------------------------------

export async function putKept(store: KeepStore, record: KeptRecord): Promise<void> {
  await (await openBaoDb()).put(store, record);
}

/** Writes several records in one transaction: all of them are stored, or none is. */
export async function putKeptAll(store: KeepStore, records: KeptRecord[]): Promise<void> {
  const tx = (await openBaoDb()).transaction(store, 'readwrite');
  await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
}

export async function getKept(store: KeepStore, id: string): Promise<KeptRecord | undefined> {
  return (await openBaoDb()).get(store, id);
}

export async function listKept(store: KeepStore): Promise<KeptRecord[]> {
  return (await openBaoDb()).getAll(store);
}

export async function deleteKept(store: KeepStore, id: string): Promise<void> {
  await (await openBaoDb()).delete(store, id);
}

/**
 * Reads one record and writes its replacement in a single transaction, so a delete that arrives
 * meanwhile (a QC-in-MISO delivery) is not undone by a write based on what was read before it.
 * `change` gets the stored record and returns the new one, or undefined for "no change"; it must
 * not wait on anything (the transaction would close). Nothing is written when the record is gone.
 * Resolves with what was written.
 */
export async function updateKept<T extends KeptRecord>(
  store: KeepStore,
  id: string,
  change: (record: KeptRecord) => T | undefined,
): Promise<T | undefined> {
  const tx = (await openBaoDb()).transaction(store, 'readwrite');
  const current = await tx.store.get(id);
  const next = current === undefined ? undefined : change(current);
  if (next !== undefined) await tx.store.put(next);
  await tx.done;
  return next;
}
