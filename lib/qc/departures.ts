import type { MetricCategory, Sample } from '../cardea/schema';
import { type AssaysById, QUBIT, MICRO_SIGN_UNITS, microSignThresholdSkipped } from './applicability';
import type { CellEvaluation } from './cell';
import { divisorLetter } from './thresholds';

// The places where Bao shows a cell differently from Dimsum on purpose. Each is explained to users in
// docs/departures.md and, through these lines, in the tooltip of the cells it touches.

export const DEPARTURES = {
  rrna: 'Dimsum shows “Pending analysis” in this column for every library: it reads a misspelt field. Bao shows the value Cardea sends.',
  microSign:
    'This Qubit threshold writes its unit with the micro sign (µ). Bao reads it as ng/µL and applies it to ng/µL libraries only; Dimsum does not recognise that spelling and applies it to every library.',
  microSignSkipped:
    'A Qubit threshold written with the micro sign (µ) is for ng/µL libraries, so Bao does not apply it to this one; Dimsum would judge this library against it.',
  exponent:
    'A threshold here is so small that it is written in exponent form (like 1e-7). Bao counts its real decimal places to show the value; Dimsum counts none and shows such values as 0.0.',
  mixedClusterUnits:
    'The thresholds use different units. The value is shown in the first one’s; each requirement is checked in its own unit.',
  noLanes: 'The run lists no lanes, so the per-lane requirement could not be checked. Dimsum passes it unchecked.',
  joinedLanes:
    'The flow cell’s lanes are joined, so the per-lane requirement is checked on the run total (× lanes). Dimsum rarely receives this flag from Cardea and then checks each lane.',
} as const;

const CLUSTER_COLUMNS = ['Min Clusters (PF)', 'Min Reads Delivered (PF)'];

const exponentForm = (n: number | null) => n !== null && String(n).includes('e');

/** The departure lines for one evaluated cell; [] when Bao and Dimsum show it alike. */
export function cellDepartures(
  cell: Pick<CellEvaluation, 'column' | 'outcome' | 'reason' | 'value' | 'thresholds'>,
  category: MetricCategory,
  sample: Sample,
  assaysById: AssaysById,
): string[] {
  const lines: string[] = [];
  const { column, thresholds } = cell;
  if (column === 'rRNA Contamination' && cell.outcome !== 'na') {
    // Both read a value given as a sample metric; only the legacy field is where Dimsum looks in the wrong place.
    const asMetric = sample.metrics?.some(
      (m) => m.name === column && (m.metricLevel === 'SAMPLE' || m.metricLevel === 'RUN'),
    );
    if (!asMetric) lines.push(DEPARTURES.rrna);
  }
  if (column === QUBIT) {
    if (thresholds.some((m) => m.units === MICRO_SIGN_UNITS)) lines.push(DEPARTURES.microSign);
    else if (microSignThresholdSkipped(category, sample, assaysById)) lines.push(DEPARTURES.microSignSkipped);
  }
  if (cell.value !== null && thresholds.some((m) => exponentForm(m.minimum) || exponentForm(m.maximum))) {
    lines.push(DEPARTURES.exponent);
  }
  if (CLUSTER_COLUMNS.includes(column) && sample.run) {
    if (new Set(thresholds.map((m) => divisorLetter(m.units))).size > 1) lines.push(DEPARTURES.mixedClusterUnits);
    const perLane = thresholds.some((m) => m.units?.endsWith('/lane'));
    if (perLane && cell.reason === 'missing-lane-data' && sample.run.lanes.length === 0) lines.push(DEPARTURES.noLanes);
    if (perLane && sample.run.joinedLanes && sample.run.lanes.length > 1) lines.push(DEPARTURES.joinedLanes);
  }
  return lines;
}
