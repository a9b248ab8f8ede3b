import type { CaseRecord } from '../cardea/records';
import {
  AnalysisReviewQcStatus,
  ReleaseApprovalQcStatus,
  ReleaseQcStatus,
  type CaseDeliverable,
} from '../cardea/schema';
import type { NabuSignoff } from '../nabu/schema';
import { cardeaStatusFor } from '../nabu/statuses';
import type { SignoffStepName } from './steps';

// Cardea learns of a Nabu sign-off only after its next ETL cycle. Like Dimsum's cache
// (docs/case-signoffs.md#reading-sign-offs-back), Bao keeps the Nabu rows it has seen confirmed and lays them
// over Cardea's case records, so a sign-off shows at once; a row is dropped once Cardea's document is more
// than 10 minutes newer than the row, by which time Cardea shows it (or something newer) itself.

export const CACHE_EXPIRY_MS = 10 * 60_000;

/** Nabu's "current state" key: the newest row per (case, step, type, deliverable) wins (docs/jira-and-nabu.md#nabu-signoff-rows). */
export function rowKey(
  row: Pick<NabuSignoff, 'caseIdentifier' | 'signoffStepName' | 'deliverableType' | 'deliverable'>,
): string {
  return JSON.stringify([row.caseIdentifier, row.signoffStepName, row.deliverableType, row.deliverable || null]);
}

/** Later `created` wins; on a tie (same millisecond) the higher id, as it was inserted later. */
export function newer(a: NabuSignoff, b: NabuSignoff): NabuSignoff {
  const ta = Date.parse(a.created);
  const tb = Date.parse(b.created);
  if (ta !== tb) return ta > tb ? a : b;
  return a.id >= b.id ? a : b;
}

export function newestPerKey(rows: Iterable<NabuSignoff>): NabuSignoff[] {
  const byKey = new Map<string, NabuSignoff>();
  for (const row of rows) {
    const key = rowKey(row);
    const seen = byKey.get(key);
    byKey.set(key, seen ? newer(seen, row) : row);
  }
  return [...byKey.values()];
}

/** Still worth overlaying: Cardea's document is not yet more than 10 minutes newer than the row. */
export function isFresh(row: Pick<NabuSignoff, 'created'>, documentTimestamp: string | null): boolean {
  if (!documentTimestamp) return true;
  const document = Date.parse(documentTimestamp);
  const created = Date.parse(row.created);
  if (Number.isNaN(document) || Number.isNaN(created)) return true;
  return document - created <= CACHE_EXPIRY_MS;
}

/** Merges new rows into the cache (newest wins per key) and drops what Cardea has caught up with. */
export function mergeCache(
  cached: readonly NabuSignoff[],
  incoming: readonly NabuSignoff[],
  documentTimestamp: string | null,
): NabuSignoff[] {
  return newestPerKey([...cached, ...incoming]).filter((row) => isFresh(row, documentTimestamp));
}

export interface Overlaid {
  record: CaseRecord;
  /** The items whose status comes from Nabu, not (yet) from Cardea. */
  fromNabu: { step: SignoffStepName; deliverableType: string; deliverable: string | null }[];
}

function apply(deliverable: CaseDeliverable, row: NabuSignoff, status: string | null): CaseDeliverable | undefined {
  const recorded = { user: row.username, date: row.created.slice(0, 10), note: row.comment };
  switch (row.signoffStepName) {
    case 'ANALYSIS_REVIEW':
      return {
        ...deliverable,
        analysisReviewQcStatus: AnalysisReviewQcStatus.nullable().parse(status),
        analysisReviewQcUser: recorded.user,
        analysisReviewQcDate: recorded.date,
        analysisReviewQcNote: recorded.note,
      };
    case 'RELEASE_APPROVAL':
      return {
        ...deliverable,
        releaseApprovalQcStatus: ReleaseApprovalQcStatus.nullable().parse(status),
        releaseApprovalQcUser: recorded.user,
        releaseApprovalQcDate: recorded.date,
        releaseApprovalQcNote: recorded.note,
      };
    case 'RELEASE': {
      if (!deliverable.releases.some((r) => r.deliverable === row.deliverable)) return undefined;
      const qcStatus = ReleaseQcStatus.nullable().parse(status);
      const releases = deliverable.releases.map((r) =>
        r.deliverable === row.deliverable
          ? { ...r, qcStatus, qcUser: recorded.user, qcDate: recorded.date, qcNote: recorded.note }
          : r,
      );
      return { ...deliverable, releases };
    }
  }
}

/**
 * The case as Cardea will show it once it has these rows: each row replaces the status, user, date
 * and note of its step, type and deliverable. Rows for a type or deliverable the case does not have,
 * or with a pair Cardea cannot map, change nothing (Cardea would ignore them too).
 */
export function overlayCase(record: CaseRecord, rows: readonly NabuSignoff[]): Overlaid {
  const fromNabu: Overlaid['fromNabu'] = [];
  let deliverables = record.deliverables;
  for (const row of rows) {
    if (row.caseIdentifier !== record.id) continue;
    const status = cardeaStatusFor(row.signoffStepName, row.qcPassed, row.release);
    if (status === undefined) continue;
    const index = deliverables.findIndex((d) => d.deliverableCategory === row.deliverableType);
    if (index < 0) continue;
    const next = apply(deliverables[index], row, status);
    if (!next) continue;
    deliverables = deliverables.map((d, i) => (i === index ? next : d));
    fromNabu.push({
      step: row.signoffStepName,
      deliverableType: row.deliverableType,
      deliverable: row.signoffStepName === 'RELEASE' ? row.deliverable : null,
    });
  }
  return { record: deliverables === record.deliverables ? record : { ...record, deliverables }, fromNabu };
}

/** Rows grouped by case, for overlaying many cases. */
export function rowsByCase(rows: readonly NabuSignoff[]): Map<string, NabuSignoff[]> {
  const map = new Map<string, NabuSignoff[]>();
  for (const row of newestPerKey(rows)) {
    const list = map.get(row.caseIdentifier);
    if (list) list.push(row);
    else map.set(row.caseIdentifier, [row]);
  }
  return map;
}
