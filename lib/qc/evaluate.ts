import type { Metric, MetricCategory, Sample } from '../cardea/schema';
import { type AssaysById, matchingMetrics } from './applicability';
import { type CellEvaluation, cell, missingValueText } from './cell';
import { cellDepartures } from './departures';
import { formatMetricValue } from './format';
import { evaluateClusters, evaluatePhix, evaluateQ30 } from './run-metrics';
import { anyMetricFails, requirementsTooltip } from './thresholds';
import { metricValue } from './values';

export type { CellEvaluation, CellIcon, CellReason, LaneDetail, Outcome } from './cell';

const CLUSTER_COLUMNS = ['Min Clusters (PF)', 'Min Reads Delivered (PF)'];
const SAMPLE_AUTHENTICATED = 'Sample Authenticated';
const PASSED = { display: 'Passed', icon: 'check' } as const;
const FAILED = { display: 'Failed', icon: 'xmark' } as const;
const PENDING_QC = { display: 'Pending QC', icon: 'magnifying-glass' } as const;

/** docs/qc-rules.md#cell-outcome rule 6 / docs/qc-rules.md#value-formatting: columns Dimsum never shades, and what they show instead of a value. */
export function neverHighlightedText(column: string): { display: string; link: 'miso-attachment' | null } | null {
  if (column.startsWith('Adaptor Contamination') || column.startsWith('AUC between')) {
    return { display: 'See attachment in MISO', link: 'miso-attachment' };
  }
  if (column.startsWith('Assigned') || column === 'Empty') return { display: 'Manual check required', link: null };
  return null;
}

/**
 * One metric cell of a run-library table: its shading (`outcome`), why, and what it shows. The rules run in the
 * order of docs/qc-rules.md#cell-outcome; run-level metrics follow docs/qc-rules.md#run-level-metrics, texts docs/qc-rules.md#value-formatting.
 */
export function evaluateCell(
  column: string,
  category: MetricCategory,
  sample: Sample,
  assaysById: AssaysById,
): CellEvaluation {
  const evaluated = evaluateRules(column, category, sample, assaysById);
  const departures = cellDepartures(evaluated, category, sample, assaysById);
  return departures.length ? { ...evaluated, departures } : evaluated;
}

function evaluateRules(
  column: string,
  category: MetricCategory,
  sample: Sample,
  assaysById: AssaysById,
): CellEvaluation {
  const metrics = matchingMetrics(column, category, sample, assaysById);
  // 1. nothing applies (no assay at all, or no metric for this sample's attributes)
  if (metrics === null) return cell(column, { outcome: 'na', reason: 'no-assay', display: 'N/A' });
  if (!metrics.length) return cell(column, { outcome: 'na', reason: 'no-applicable-metric', display: 'N/A' });
  // 2, 3. run-level metrics checked lane by lane
  if (CLUSTER_COLUMNS.includes(column)) return evaluateClusters(column, sample, metrics);
  if (column === 'PhiX Control') return evaluatePhix(column, sample, metrics);
  // 4. its own ETL flag, at any level
  if (column === SAMPLE_AUTHENTICATED) return sampleAuthenticated(column, sample, metrics);
  // 5. pass/fail metrics follow the library's QC decision
  if (metrics.every((m) => m.thresholdType === 'BOOLEAN')) return libraryQc(column, sample, metrics);
  // 6. judged by a person looking at an attachment
  const never = neverHighlightedText(column);
  if (never) {
    const tooltip = requirementsTooltip(metrics);
    return cell(column, { outcome: 'pass', reason: 'never-highlighted', ...never, thresholds: metrics, tooltip });
  }
  if (column === 'Bases Over Q30') return evaluateQ30(column, sample, metrics);
  // 7. the value against every applicable metric
  return compareValue(column, sample, metrics);
}

function sampleAuthenticated(column: string, sample: Sample, metrics: Metric[]): CellEvaluation {
  const flag = sample.metrics?.find((m) => m.name === SAMPLE_AUTHENTICATED)?.qcPassed ?? null;
  const thresholds = metrics;
  if (flag === true) return cell(column, { outcome: 'pass', reason: 'authenticated', ...PASSED, thresholds });
  if (flag === false) return cell(column, { outcome: 'fail', reason: 'not-authenticated', ...FAILED, thresholds });
  const pending = sample.analysisSkipped
    ? ({ display: 'Analysis Skipped', icon: 'triangle-exclamation' } as const)
    : ({ display: 'Pending analysis', icon: 'hourglass-half' } as const);
  return cell(column, { outcome: 'unavailable', reason: 'pending-authentication', ...pending, thresholds });
}

function libraryQc(column: string, sample: Sample, metrics: Metric[]): CellEvaluation {
  const thresholds = metrics;
  if (sample.qcPassed === true) return cell(column, { outcome: 'pass', reason: 'qc-passed', ...PASSED, thresholds });
  if (sample.qcPassed === false) return cell(column, { outcome: 'fail', reason: 'qc-failed', ...FAILED, thresholds });
  return cell(column, { outcome: 'unavailable', reason: 'pending-boolean', ...PENDING_QC, thresholds });
}

function compareValue(column: string, sample: Sample, metrics: Metric[]): CellEvaluation {
  const { value, preliminary } = metricValue(column, sample, { level: 'table' });
  const requirements = requirementsTooltip(metrics);
  if (value === null) {
    const missing = missingValueText(sample);
    return cell(column, { outcome: 'unavailable', ...missing, thresholds: metrics, tooltip: requirements });
  }
  const shown = { display: formatMetricValue(value, metrics), value, thresholds: metrics };
  if (preliminary) {
    // A preliminary value is never final, so it stays yellow even when it passes or fails.
    return cell(column, {
      ...shown,
      outcome: 'unavailable',
      reason: 'preliminary',
      preliminary: true,
      icon: 'pen-ruler',
      tooltip: ['PRELIMINARY VALUE ONLY', ...requirements],
    });
  }
  const fails = anyMetricFails(metrics, value);
  return cell(column, {
    ...shown,
    outcome: fails ? 'fail' : 'pass',
    reason: fails ? 'threshold-failed' : 'threshold-met',
    tooltip: requirements,
  });
}
