import type { MetricCategory, Sample, ThresholdType } from '../cardea/schema';
import { type AssaysById, isRunMetricName, matchingMetrics } from './applicability';
import { metricNames } from './columns';
import { metricValue } from './values';

/** One metric line of a library in the "QC in MISO" request (docs/qc-in-miso.md#what-is-sent), before it is put into MISO's snake_case. */
export interface LibraryMetricEntry {
  title: string;
  thresholdType: Lowercase<Exclude<ThresholdType, 'BOOLEAN'>>;
  /** GT/GE/BETWEEN: the minimum; LT/LE: the maximum. */
  threshold: number;
  /** BETWEEN only: the maximum. */
  threshold2?: number;
  /** Raw and untruncated (MISO compares it itself, without K/M/B scaling); null when there is none. */
  value: number | null;
}

function required(value: number | null, bound: string, title: string): number {
  if (value === null) throw new Error(`The assay's "${title}" metric has no ${bound}, so it cannot be sent to MISO.`);
  return value;
}

/**
 * docs/qc-in-miso.md#which-metrics-a-library-gets: the library's own assays' metrics for `category`, without run metrics and BOOLEAN ones; each applicable
 * metric is one entry, so a title repeats when two assays or variants apply. Values are SAMPLE-level only. Throws
 * when a metric lacks the bound MISO needs. An empty result is what MISO rejects ("No metrics specified").
 */
export function libraryMetricEntries(
  sample: Sample,
  category: MetricCategory,
  assaysById: AssaysById,
): LibraryMetricEntry[] {
  const names = metricNames(category, sample.assayIds, assaysById).filter((name) => !isRunMetricName(name));
  return names.flatMap((name) => {
    const { value } = metricValue(name, sample, { level: 'miso' });
    return (matchingMetrics(name, category, sample, assaysById) ?? []).flatMap((metric): LibraryMetricEntry[] => {
      switch (metric.thresholdType) {
        case 'BOOLEAN':
          return [];
        case 'GT':
        case 'GE': {
          const threshold = required(metric.minimum, 'minimum', name);
          return [{ title: name, thresholdType: metric.thresholdType === 'GT' ? 'gt' : 'ge', threshold, value }];
        }
        case 'LT':
        case 'LE': {
          const threshold = required(metric.maximum, 'maximum', name);
          return [{ title: name, thresholdType: metric.thresholdType === 'LT' ? 'lt' : 'le', threshold, value }];
        }
        case 'BETWEEN':
          return [
            {
              title: name,
              thresholdType: 'between',
              threshold: required(metric.minimum, 'minimum', name),
              threshold2: required(metric.maximum, 'maximum', name),
              value,
            },
          ];
      }
    });
  });
}
