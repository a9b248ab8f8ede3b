import type { Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import { metricColumns } from '../qc/columns';
import type { SeriesKey } from './schema';
import { inSeries } from './series';

/**
 * The series a metric column of a run table has: one per assay (that defines the metric in the table's category)
 * and library design among the given run-libraries, in the order the rows first show them.
 */
export function seriesKeysFor(
  category: SeriesKey['category'],
  metric: string,
  samples: readonly Sample[],
  assaysById: AssaysById,
): SeriesKey[] {
  const keys = new Map<string, SeriesKey>();
  for (const sample of samples) {
    const design = sample.libraryDesignCode;
    if (!design) continue;
    for (const assayId of sample.assayIds) {
      const id = `${assayId}|${design}`;
      if (keys.has(id)) continue;
      const subcategories = assaysById[String(assayId)]?.metricCategories[category] ?? [];
      if (subcategories.some((sub) => sub.metrics.some((m) => m.name === metric))) {
        keys.set(id, { category, assayId, design, metric });
      }
    }
  }
  return [...keys.values()];
}

/** The categories of the two run tables, and where a run's samples of each are kept. */
export const TABLE_CATEGORIES = [
  ['LIBRARY_QUALIFICATION', 'lq'],
  ['FULL_DEPTH_SEQUENCING', 'fd'],
] as const;

/** Every series a run has: each (category, assay, design) of its run-libraries, times the metric columns they show. */
export function seriesKeysOfRun(
  samples: { lq: readonly Sample[]; fd: readonly Sample[] },
  assaysById: AssaysById,
): SeriesKey[] {
  const keys: SeriesKey[] = [];
  for (const [category, field] of TABLE_CATEGORIES) {
    const rows = samples[field];
    const pairs = new Set(rows.flatMap((s) => s.assayIds.map((id) => `${id}\u0000${s.libraryDesignCode ?? ''}`)));
    for (const pair of pairs) {
      const [id, design] = pair.split('\u0000');
      const assayId = Number(id);
      if (design === '') continue;
      const own = rows.filter((s) => inSeries(s, assayId, design));
      for (const metric of metricColumns(category, own, assaysById)) keys.push({ category, assayId, design, metric });
    }
  }
  return keys;
}
