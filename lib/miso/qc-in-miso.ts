import type { Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import { libraryMetricEntries, type LibraryMetricEntry } from '../qc/qc-in-miso';
import { MetricsRequest, type MetricsRequestMetric } from './schema';

// "QC in MISO" (docs/qc-in-miso.md#what-is-sent): turns selected run-libraries into the snake_case
// payloads of MISO's Run-Library Metrics page. The seed asks that libraries go together only when
// they share assay and library design; Bao groups them itself (one MISO page per group) unless the
// lab chose one combined page. Whatever cannot be sent is named with the reason, never dropped.
// A group whose form would be too big for MISO's server is sent as several pages.

export type QcInMisoGrouping = 'by-assay-and-design' | 'combined';

/**
 * The largest form body Bao posts to MISO. MISO runs on Tomcat, whose default `maxPostSize` is 2 MB:
 * a larger form reaches MISO without its `data` field, and MISO answers "Request data missing". A
 * lab may have changed the limit, so Bao keeps a margin below the default.
 */
export const MAX_FORM_BODY_BYTES = 1.5 * 1024 * 1024;

export interface QcInMisoBatch {
  /** e.g. "WGTS 80X/30X · WG" */
  label: string;
  runLibraryIds: string[];
  request: MetricsRequest;
}

export interface LeftOut {
  runLibraryId: string;
  name: string;
  reason: string;
}

export interface QcInMisoPlan {
  batches: QcInMisoBatch[];
  leftOut: LeftOut[];
  /**
   * Metric lines left out while the library still goes: a title MISO rejects (`<` or `>`), or a
   * missing value, which MISO accepts but its page script cannot draw (the table comes out empty).
   * Dimsum sends nulls; Bao leaves them out and says so.
   */
  droppedMetrics: { runLibraryId: string; title: string; reason: string }[];
  /** Groups whose form would pass MAX_FORM_BODY_BYTES, each sent as `pages` MISO pages. */
  split: { label: string; pages: number; bytes: number }[];
}

const RUN_LIBRARY_ID = /^\d+_(\d+)_(LDI\d+)$/;

/** Characters a form-urlencoded body carries as themselves (a space becomes `+`); the rest as `%XX` per UTF-8 byte. */
const KEPT = /[A-Za-z0-9*\-._ ]/;

/** Length of `text` form-urlencoded, as a browser submits a form field (UTF-8). */
export function formEncodedLength(text: string): number {
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    length += KEPT.test(char) ? 1 : 3 * (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);
  }
  return length;
}

/** The bytes of the form body the MISO tab posts for `request`: `data=` and the request's JSON. */
export function formBodyBytes(request: MetricsRequest): number {
  return 'data='.length + formEncodedLength(JSON.stringify(request));
}

type Library = MetricsRequest['library_aliquots'][number];

/**
 * Cuts one group's libraries into runs whose form bodies stay within `limit`, in order. The JSON is
 * the wrapper with the libraries joined by commas, so its encoded length adds up piece by piece.
 */
function pages(
  request: MetricsRequest,
  limit: number,
): { pages: { libraries: Library[]; indexes: number[] }[]; tooBig: number[] } {
  const wrapper = 'data='.length + formEncodedLength(JSON.stringify({ ...request, library_aliquots: [] }));
  const comma = formEncodedLength(',');
  const result: { libraries: Library[]; indexes: number[]; bytes: number }[] = [];
  const tooBig: number[] = [];
  for (const [index, library] of request.library_aliquots.entries()) {
    const size = formEncodedLength(JSON.stringify(library));
    if (wrapper + size > limit) {
      tooBig.push(index);
      continue;
    }
    const last = result.at(-1);
    if (last && last.bytes + comma + size <= limit) {
      last.libraries.push(library);
      last.indexes.push(index);
      last.bytes += comma + size;
    } else {
      result.push({ libraries: [library], indexes: [index], bytes: wrapper + size });
    }
  }
  return { pages: result, tooBig };
}

const toMisoMetric = (e: LibraryMetricEntry): MetricsRequestMetric => ({
  title: e.title,
  threshold_type: e.thresholdType,
  threshold: e.threshold,
  ...(e.threshold2 !== undefined ? { threshold_2: e.threshold2 } : {}),
  value: e.value,
});

export function planQcInMiso(input: {
  samples: Sample[];
  category: 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';
  assaysById: AssaysById;
  grouping: QcInMisoGrouping;
  report?: string;
  /** For tests; MAX_FORM_BODY_BYTES otherwise. */
  maxFormBytes?: number;
}): QcInMisoPlan {
  const { samples, category, assaysById, grouping, report = 'Bao', maxFormBytes = MAX_FORM_BODY_BYTES } = input;
  const leftOut: LeftOut[] = [];
  const droppedMetrics: QcInMisoPlan['droppedMetrics'] = [];
  const groups = new Map<
    string,
    { label: string; ids: string[]; names: string[]; libraries: MetricsRequest['library_aliquots'] }
  >();

  for (const sample of samples) {
    const skip = (reason: string) => leftOut.push({ runLibraryId: sample.id, name: sample.name, reason });
    const idMatch = RUN_LIBRARY_ID.exec(sample.id);
    if (!sample.run || !idMatch) {
      skip('it is not a run-library (no run)');
      continue;
    }
    if (sample.assayIds.length === 0) {
      skip('it has no assay, so there are no thresholds to send');
      continue;
    }
    let entries: LibraryMetricEntry[];
    try {
      entries = libraryMetricEntries(sample, category, assaysById);
    } catch (error) {
      skip(error instanceof Error ? error.message : String(error));
      continue;
    }
    const sendable = entries.filter((e) => {
      const problem = /[<>]/.test(e.title)
        ? 'MISO rejects text containing < or >'
        : e.value === null
          ? 'it has no value yet, and MISO’s page cannot show a missing value'
          : undefined;
      if (problem) droppedMetrics.push({ runLibraryId: sample.id, title: e.title, reason: problem });
      return problem === undefined;
    });
    if (sendable.length === 0) {
      skip(
        entries.length === 0
          ? 'only yes/no (BOOLEAN) or run-level metrics apply to it, and MISO needs at least one metric'
          : 'none of its metrics can be sent (no value yet, or a title MISO rejects), and MISO needs at least one metric',
      );
      continue;
    }
    const assayNames = [...new Set(sample.assayIds)]
      .sort((a, b) => a - b)
      .map((id) => assaysById[String(id)]?.name ?? `assay ${id}`);
    const design = sample.libraryDesignCode ?? 'no design';
    const key = grouping === 'combined' ? 'all' : `${assayNames.join('+')}|${design}`;
    const label = grouping === 'combined' ? 'All selected' : `${assayNames.join(' + ')} · ${design}`;
    const group = groups.get(key) ?? { label, ids: [], names: [], libraries: [] };
    groups.set(key, group);
    group.ids.push(sample.id);
    group.names.push(sample.name);
    group.libraries.push({
      name: idMatch[2]!,
      run_id: sample.run.id,
      partition: Number.parseInt(sample.sequencingLane ?? idMatch[1]!, 10),
      metrics: sendable.map(toMisoMetric),
    });
  }

  const batches: QcInMisoBatch[] = [];
  const split: QcInMisoPlan['split'] = [];
  for (const g of groups.values()) {
    const request = MetricsRequest.parse({ report, library_aliquots: g.libraries });
    const bytes = formBodyBytes(request);
    if (bytes <= maxFormBytes) {
      batches.push({ label: g.label, runLibraryIds: g.ids, request });
      continue;
    }
    const { pages: cut, tooBig } = pages(request, maxFormBytes);
    for (const index of tooBig) {
      const reason = 'its metrics alone make a form larger than MISO’s server takes';
      leftOut.push({ runLibraryId: g.ids[index]!, name: g.names[index]!, reason });
    }
    if (cut.length > 1) split.push({ label: g.label, pages: cut.length, bytes });
    for (const [i, page] of cut.entries()) {
      batches.push({
        label: cut.length > 1 ? `${g.label} (page ${i + 1} of ${cut.length})` : g.label,
        runLibraryIds: page.indexes.map((index) => g.ids[index]!),
        request: MetricsRequest.parse({ report, library_aliquots: page.libraries }),
      });
    }
  }
  return { batches, leftOut, droppedMetrics, split };
}
