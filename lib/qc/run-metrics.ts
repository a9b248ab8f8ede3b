import type { Metric, Run, Sample } from '../cardea/schema';
import { type CellEvaluation, type LaneDetail, type Outcome, cell, missingRunValueText } from './cell';
import { formatMetricValue } from './format';
import { type Threshold, anyMetricFails, divisorFor, divisorLetter, requirementsTooltip } from './thresholds';

const PRELIMINARY_LINE = 'PRELIMINARY VALUE ONLY';

/**
 * docs/qc-rules.md#run-level-metrics Bases Over Q30: coloured by rule 7 of docs/qc-rules.md#cell-outcome from the RUN-level sample metric when there is one, else from
 * `run.percentOverQ30`; the display always shows `run.percentOverQ30`.
 */
export function evaluateQ30(column: string, sample: Sample, metrics: Metric[]): CellEvaluation {
  const run = sample.run;
  const runMetric = sample.metrics?.find((m) => m.name === column && m.metricLevel === 'RUN');
  const value = runMetric ? runMetric.value : (run?.percentOverQ30 ?? null);
  const preliminary = value !== null && runMetric?.preliminary === true;
  const shown = run?.percentOverQ30 ?? null;
  const text =
    shown === null ? missingRunValueText(sample) : { display: formatMetricValue(shown, metrics), icon: null };
  const multiLane = (run?.lanes.length ?? 0) > 1;
  // Without a run value the cell says only why ("Sequencing in progress" / "Not Found"), as Dimsum does: lane
  // figures under that text would read as if the run had a value.
  const lanes: LaneDetail[] = (shown === null ? [] : (run?.lanes ?? []))
    .filter((lane) => lane.percentOverQ30Read1)
    .map((lane) => ({
      laneNumber: lane.laneNumber,
      text:
        (multiLane ? `L${lane.laneNumber} ` : '') +
        `R1: ${lane.percentOverQ30Read1}` +
        (lane.percentOverQ30Read2 ? `; R2: ${lane.percentOverQ30Read2}` : ''),
      outcome: null,
    }));
  const base = {
    display: text.display,
    icon: preliminary ? ('pen-ruler' as const) : text.icon,
    value,
    preliminary,
    thresholds: metrics,
    tooltip: [...(preliminary ? [PRELIMINARY_LINE] : []), ...requirementsTooltip(metrics)],
    lanes,
  };
  if (value === null) {
    const missing = missingRunValueText(sample);
    return cell(column, { ...base, outcome: 'unavailable', reason: missing.reason });
  }
  if (preliminary) return cell(column, { ...base, outcome: 'unavailable', reason: 'preliminary' });
  const fails = anyMetricFails(metrics, value);
  return cell(column, {
    ...base,
    outcome: fails ? 'fail' : 'pass',
    reason: fails ? 'threshold-failed' : 'threshold-met',
  });
}

function isPerLane(metric: Threshold): boolean {
  return metric.units?.endsWith('/lane') ?? false;
}

/** A per-lane threshold as a per-run one on a joined flow cell: bounds × lane count, `/lane` dropped. */
export function perRunFromPerLane<T extends Threshold>(metric: T, laneCount: number): T {
  return {
    ...metric,
    minimum: metric.minimum === null ? null : metric.minimum * laneCount,
    maximum: metric.maximum === null ? null : metric.maximum * laneCount,
    units: metric.units?.replace(/\/lane$/, '') ?? null,
  };
}

/** docs/qc-rules.md#run-level-metrics: which thresholds are checked against the run total and which against each lane. */
export function splitClusterThresholds(metrics: readonly Metric[], run: Run): { perRun: Metric[]; perLane: Metric[] } {
  const laneCount = run.lanes.length;
  // A 1-lane run has no separate lane values to show, so every metric is checked against the total, unconverted.
  if (laneCount === 1) return { perRun: [...metrics], perLane: [] };
  const perLane = metrics.filter(isPerLane);
  const perRun = metrics.filter((metric) => !isPerLane(metric));
  // Cardea exposes `hasJoinedLanes()`, not a bean getter, so `joinedLanes` is usually absent and Dimsum never takes
  // this branch. Bao honours the flag whenever the data does carry it.
  if (run.joinedLanes) {
    return { perRun: [...perRun, ...perLane.map((m) => perRunFromPerLane(m, laneCount))], perLane: [] };
  }
  return { perRun, perLane };
}

/** docs/qc-rules.md#run-level-metrics Min Clusters (PF) / Min Reads Delivered (PF), both read from `clustersPf`. */
export function evaluateClusters(column: string, sample: Sample, metrics: Metric[]): CellEvaluation {
  const run = sample.run;
  const tooltip = requirementsTooltip(metrics);
  const total = run?.clustersPf ?? null;
  if (!run || total === null) {
    const missing = missingRunValueText(sample);
    return cell(column, { outcome: 'unavailable', ...missing, thresholds: metrics, tooltip });
  }
  const { perRun, perLane } = splitClusterThresholds(metrics, run);
  const divisor = divisorFor(metrics[0]?.units);
  const letter = divisorLetter(metrics[0]?.units);
  const show = (value: number) => formatMetricValue(value / divisor, metrics) + letter;

  const laneOutcome = (value: number | null): Outcome | null => {
    if (!perLane.length) return null;
    if (value === null) return 'unavailable';
    return anyMetricFails(perLane, value) ? 'fail' : 'pass';
  };
  const lanes: LaneDetail[] =
    run.lanes.length > 1
      ? run.lanes.map((lane) => ({
          laneNumber: lane.laneNumber,
          text: `L${lane.laneNumber}: ${lane.clustersPf === null ? 'Not Found' : show(lane.clustersPf)}`,
          outcome: laneOutcome(lane.clustersPf),
        }))
      : [];
  // The requirements as checked: on a joined flow cell that is the per-run equivalent of a per-lane threshold.
  const checked = requirementsTooltip([...perRun, ...perLane]);
  const base = { display: show(total), value: total, thresholds: metrics, tooltip: checked, lanes };

  if (anyMetricFails(perRun, total)) return cell(column, { ...base, outcome: 'fail', reason: 'threshold-failed' });
  if (perLane.length) {
    const outcomes = run.lanes.map((lane) => laneOutcome(lane.clustersPf));
    if (outcomes.includes('fail')) return cell(column, { ...base, outcome: 'fail', reason: 'threshold-failed' });
    // Dimsum passes per-lane thresholds when the run lists no lanes at all; nothing was checked, so Bao says so.
    if (outcomes.includes('unavailable') || !outcomes.length) {
      return cell(column, { ...base, outcome: 'unavailable', reason: 'missing-lane-data', icon: 'question' });
    }
  }
  return cell(column, { ...base, outcome: 'pass', reason: 'threshold-met' });
}

/** docs/qc-rules.md#run-level-metrics PhiX Control: no run-level value; every lane's R1 (and R2 when present) is checked. */
export function evaluatePhix(column: string, sample: Sample, metrics: Metric[]): CellEvaluation {
  const run = sample.run;
  const tooltip = requirementsTooltip(metrics);
  if (!run || !run.lanes.length) {
    const missing = missingRunValueText(sample);
    const reason = missing.reason === 'sequencing-in-progress' || !run ? missing.reason : 'missing-lane-data';
    const { display, icon } = missing;
    return cell(column, { outcome: 'unavailable', reason, display, icon, thresholds: metrics, tooltip });
  }
  // No lane has its R1 reading: Dimsum shows plain "Not Found" (no minimum of the R2s, no lane list), and so does Bao.
  if (run.lanes.every((lane) => lane.percentPfixRead1 === null)) {
    return cell(column, {
      outcome: 'unavailable',
      reason: 'missing-lane-data',
      display: 'Not Found',
      icon: 'question',
      thresholds: metrics,
      tooltip,
    });
  }
  const multiLane = run.lanes.length > 1;
  const lanes: LaneDetail[] = run.lanes.map((lane) => {
    const r1 = lane.percentPfixRead1;
    const r2 = lane.percentPfixRead2;
    const prefix = multiLane ? `L${lane.laneNumber}: ` : '';
    if (r1 === null) return { laneNumber: lane.laneNumber, text: `${prefix}Not Found`, outcome: 'unavailable' };
    const fails = anyMetricFails(metrics, r1) || (r2 !== null && anyMetricFails(metrics, r2));
    return {
      laneNumber: lane.laneNumber,
      text: `${prefix}R1: ${r1}` + (r2 !== null ? `; R2: ${r2}` : ''),
      outcome: fails ? 'fail' : 'pass',
    };
  });
  const reads = run.lanes.flatMap((lane) => [lane.percentPfixRead1, lane.percentPfixRead2]).filter((v) => v !== null);
  const value = reads.length ? Math.min(...reads) : null;
  const text = value === null ? missingRunValueText(sample) : { display: `${value.toFixed(2)}+/R`, icon: null };
  const base = { display: text.display, icon: text.icon, value, thresholds: metrics, tooltip, lanes };
  // A lane without R1 makes the cell unavailable even if another lane fails (Dimsum checks it first).
  if (lanes.some((lane) => lane.outcome === 'unavailable')) {
    return cell(column, {
      ...base,
      outcome: 'unavailable',
      reason: 'missing-lane-data',
      icon: base.icon ?? 'question',
    });
  }
  if (lanes.some((lane) => lane.outcome === 'fail')) {
    return cell(column, { ...base, outcome: 'fail', reason: 'threshold-failed' });
  }
  return cell(column, { ...base, outcome: 'pass', reason: 'threshold-met' });
}
