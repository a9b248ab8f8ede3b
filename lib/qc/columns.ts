import type { Metric, MetricCategory, MetricSubcategory, Sample } from '../cardea/schema';
import { type AssaysById, matchingMetrics } from './applicability';

/** docs/qc-rules.md#columns: null, undefined and 0 all sort as -1. */
function priority(item: Pick<Metric | MetricSubcategory, 'sortPriority'>): number {
  return item.sortPriority || -1;
}

function byPriority<T extends Pick<Metric | MetricSubcategory, 'sortPriority'>>(items: readonly T[]): T[] {
  // Array.prototype.sort is stable, which keeps equal priorities in assay order.
  return [...items].sort((a, b) => priority(a) - priority(b));
}

/**
 * docs/qc-rules.md#columns steps 2–5: the metric names of `category` over the given assays, ordered by subcategory (grouped by name, ''
 * for unnamed ones) and then by metric sortPriority, each name once. Also the per-library name list of docs/qc-in-miso.md#which-metrics-a-library-gets.
 */
export function metricNames(category: MetricCategory, assayIds: readonly number[], assaysById: AssaysById): string[] {
  const subcategories = byPriority(
    [...new Set(assayIds)].flatMap((id) => assaysById[id]?.metricCategories[category] ?? []),
  );
  const groups = new Map<string, Metric[]>();
  for (const sub of subcategories) {
    const key = sub.name ?? '';
    groups.set(key, [...(groups.get(key) ?? []), ...sub.metrics]);
  }
  const names: string[] = [];
  for (const metrics of groups.values()) {
    for (const metric of byPriority(metrics)) {
      if (!names.includes(metric.name)) names.push(metric.name);
    }
  }
  return names;
}

function activityTime(sample: Pick<Sample, 'latestActivityDate'>): number {
  const time = Date.parse(sample.latestActivityDate ?? '');
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * The rows in Dimsum's default order, latest activity first (no date last). Dimsum builds its columns from the rows
 * in that order, so its first metric group is the newest library's; following it makes both show the same first
 * screen. Equal dates keep the given order (sample ids), which Dimsum's server does not keep stable.
 */
export function byLatestActivity<T extends Pick<Sample, 'latestActivityDate'>>(samples: readonly T[]): T[] {
  return [...samples].sort((a, b) => activityTime(b) - activityTime(a) || 0);
}

/**
 * docs/qc-rules.md#columns: the metric columns for a table of `samples`, minus names that apply to none of them (step 6).
 * Dimsum computes this per page, so its columns change with paging; Bao has no paging and passes every row of the
 * run's table, so the columns are stable for the whole run.
 */
export function metricColumns(category: MetricCategory, samples: readonly Sample[], assaysById: AssaysById): string[] {
  const assayIds = byLatestActivity(samples).flatMap((sample) => sample.assayIds);
  return metricNames(category, assayIds, assaysById).filter((name) =>
    samples.some((sample) => (matchingMetrics(name, category, sample, assaysById)?.length ?? 0) > 0),
  );
}
