import type { Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import type { SeriesKey } from './schema';

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
