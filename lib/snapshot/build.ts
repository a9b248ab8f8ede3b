import type { DocumentSummary, NotificationRecord, RunFacts, RunLibraryRecord } from '../cardea/records';
import type { Assay, OmittedRunSample, Run } from '../cardea/schema';
import type { Failure } from '../net/failure';
import {
  SNAPSHOT_FORMAT,
  type SnapshotIndex,
  type SnapshotRunEntry,
  type SnapshotRunFile,
  type SnapshotTicket,
  type SnapshotTrendWarning,
} from './schema';

// Builds a Bao server snapshot's contents from what the ingest produced. Pure: the server writes the
// bytes, hashes and compresses them. Everything is put in a fixed order and serialised with sorted keys,
// so the same run in two Cardea documents gives the same bytes and keeps its content-hashed file name.

/** JSON with object keys sorted at every level: equal values give equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

// Most objects reach here with their keys already in order (a record read back from a canonical
// spool, one built twice the same way), so an object is copied only when its keys are out of order,
// one of its values is undefined, or something inside it changed: the rest is returned as it is.
function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = sortKeys(item);
      if (sorted !== item && !copy) copy = value.slice(0, i);
      copy?.push(sorted);
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  if (!inOrder) keys.sort();
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = object[key];
    const sorted = v === undefined ? undefined : sortKeys(v);
    if (!copy && (v === undefined || sorted !== v)) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = object[keys[j]!];
    }
    if (copy && sorted !== undefined) copy[key] = sorted;
  }
  return copy ?? object;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One run's file: libraries in the order the extension's own index returns them (category, then library). */
export function runFileOf(input: {
  runName: string;
  run: Run;
  facts: RunFacts | null;
  libraries: readonly RunLibraryRecord[];
  assays: ReadonlyMap<number, Assay>;
  omitted: readonly OmittedRunSample[];
}): SnapshotRunFile {
  const libraries = [...input.libraries].sort((a, b) => byKey(a.category, b.category) || byKey(a.sampleId, b.sampleId));
  const assays = (input.facts?.assayIds ?? [])
    .map((id) => input.assays.get(id))
    .filter((assay): assay is Assay => assay !== undefined);
  return {
    format: SNAPSHOT_FORMAT,
    runName: input.runName,
    run: input.run,
    facts: input.facts,
    libraries,
    assays,
    omitted: [...input.omitted],
  };
}

/**
 * `canonicalJson(file)`, with each library's canonical JSON given (in `file.libraries`' order): the
 * server's spool already holds the libraries that way, so a run file is put together without parsing
 * them into objects and serialising them again.
 */
export function canonicalRunFileJson(file: SnapshotRunFile, libraries: readonly string[]): string {
  if (libraries.length !== file.libraries.length) throw new Error(`${file.runName}: libraries and their JSON differ`);
  // The keys of a run file, in sorted order (what canonicalJson would give).
  return (
    `{"assays":${canonicalJson(file.assays)},"facts":${canonicalJson(file.facts)},` +
    `"format":${canonicalJson(file.format)},"libraries":[${libraries.join(',')}],` +
    `"omitted":${canonicalJson(file.omitted)},"run":${canonicalJson(file.run)},"runName":${canonicalJson(file.runName)}}`
  );
}

export interface IndexInput {
  generation: string;
  publishedAt: string;
  cardeaUrl: string;
  summary: DocumentSummary;
  lastSuccessAt: string | null;
  /** Every run of the document with its file. */
  runs: readonly { runName: string; file: string }[];
  notifications: ReadonlyMap<string, NotificationRecord>;
  tickets: ReadonlyMap<string, SnapshotTicket>;
  caseFiles: SnapshotIndex['caseFiles'];
  trends: SnapshotIndex['trends'];
  /** Each run's trend warnings (a run with none may be left out). */
  trendWarnings?: ReadonlyMap<string, SnapshotTrendWarning[]>;
  keeper: SnapshotIndex['keeper'];
  failure?: Failure | null;
}

export function snapshotIndexOf(input: IndexInput): SnapshotIndex {
  const { summary } = input;
  const runs: SnapshotRunEntry[] = [...input.runs]
    .sort((a, b) => byKey(a.runName, b.runName))
    .map(({ runName, file }) => {
      const trendWarnings = input.trendWarnings?.get(runName) ?? [];
      return {
        runName,
        file,
        notification: input.notifications.get(runName) ?? null,
        ticket: input.tickets.get(runName) ?? null,
        ...(trendWarnings.length > 0 ? { trendWarnings } : {}),
      };
    });
  return {
    format: SNAPSHOT_FORMAT,
    generation: input.generation,
    publishedAt: input.publishedAt,
    cardea: {
      url: input.cardeaUrl,
      timestamp: summary.timestamp,
      lastSuccessAt: input.lastSuccessAt,
      failure: input.failure ?? null,
    },
    document: {
      bytes: summary.bytes,
      cases: summary.cases,
      assays: summary.assays,
      runs: summary.runs,
      runLibraries: summary.runLibraries,
      omittedRunLibraries: summary.omittedRunLibraries,
      notifications: runs.filter((r) => r.notification).length,
      runsRequiringAction: runs.filter((r) => r.notification?.requiresAction).length,
    },
    runs,
    caseFiles: [...input.caseFiles],
    trends: input.trends,
    keeper: input.keeper,
  };
}

/**
 * The index with the keeper's newest tickets: each run's ticket, and its notification worked out again
 * where the run's open ticket came or went (a run with an open ticket is due at other times).
 */
export function withTickets(
  index: SnapshotIndex,
  tickets: ReadonlyMap<string, SnapshotTicket>,
  notificationsBy: (runName: string, withOpenTicket: boolean) => NotificationRecord | null | undefined,
  keeper: SnapshotIndex['keeper'],
): SnapshotIndex {
  const runs = index.runs.map((entry) => {
    const ticket = tickets.get(entry.runName) ?? null;
    const open = ticket?.issueState === 'OPEN';
    const recomputed = notificationsBy(entry.runName, open);
    return { ...entry, ticket, notification: recomputed === undefined ? entry.notification : recomputed };
  });
  return {
    ...index,
    runs,
    document: {
      ...index.document,
      notifications: runs.filter((r) => r.notification).length,
      runsRequiringAction: runs.filter((r) => r.notification?.requiresAction).length,
    },
    keeper,
  };
}
