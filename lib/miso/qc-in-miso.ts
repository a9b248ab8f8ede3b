import type { Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import { libraryMetricEntries, type LibraryMetricEntry } from '../qc/qc-in-miso';
import { MetricsRequest, type MetricsRequestMetric } from './schema';

// "QC in MISO" (dimsum.md §2, miso.md §1): turns selected run-libraries into the snake_case
// payloads of MISO's Run-Library Metrics page. The seed asks that libraries go together only when
// they share assay and library design; Bao groups them itself (one MISO page per group) unless the
// lab chose one combined page. Whatever cannot be sent is named with the reason, never dropped.

export type QcInMisoGrouping = 'by-assay-and-design' | 'combined';

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
}

const RUN_LIBRARY_ID = /^\d+_(\d+)_(LDI\d+)$/;

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
}): QcInMisoPlan {
  const { samples, category, assaysById, grouping, report = 'Bao' } = input;
  const leftOut: LeftOut[] = [];
  const droppedMetrics: QcInMisoPlan['droppedMetrics'] = [];
  const groups = new Map<string, { label: string; ids: string[]; libraries: MetricsRequest['library_aliquots'] }>();

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
    const assayNames = [...new Set(sample.assayIds)].sort((a, b) => a - b).map((id) => assaysById[String(id)]?.name ?? `assay ${id}`);
    const design = sample.libraryDesignCode ?? 'no design';
    const key = grouping === 'combined' ? 'all' : `${assayNames.join('+')}|${design}`;
    const group = groups.get(key) ?? { label: grouping === 'combined' ? 'All selected' : `${assayNames.join(' + ')} · ${design}`, ids: [], libraries: [] };
    groups.set(key, group);
    group.ids.push(sample.id);
    group.libraries.push({
      name: idMatch[2]!,
      run_id: sample.run.id,
      partition: Number.parseInt(sample.sequencingLane ?? idMatch[1]!, 10),
      metrics: sendable.map(toMisoMetric),
    });
  }

  const batches = [...groups.values()].map((g) => ({
    label: g.label,
    runLibraryIds: g.ids,
    request: MetricsRequest.parse({ report, library_aliquots: g.libraries }),
  }));
  return { batches, leftOut, droppedMetrics };
}
