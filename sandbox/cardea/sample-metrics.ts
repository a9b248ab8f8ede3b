import type { MetricCategory } from '../../lib/cardea/schema';
import type { AssayDefinition, MetricDefinition } from './assays';
import { SEQUENCING_CATEGORY, type Kind } from './instruments';
import { writeLegacy } from './legacy-fields';
import { applicableByName, drawValue, onlyBooleans, passes, subjectOf, type Mode } from './metric-rules';
import type { Random } from './random';
import type { LaneValueJson, SampleJson, SampleMetricJson } from './sample-json';

function sampleMetric(
  m: MetricDefinition | null,
  name: string,
  level: SampleMetricJson['metricLevel'],
  value: number | null,
  preliminary: boolean | null,
  qcPassed: boolean | null,
  laneValues: LaneValueJson[] | null = null,
): SampleMetricJson {
  return {
    name,
    thresholdType: m?.thresholdType ?? null,
    minimum: m?.minimum ?? null,
    maximum: m?.maximum ?? null,
    metricLevel: level,
    preliminary,
    value,
    laneValues,
    qcPassed,
    units: m?.units ?? null,
  };
}

/** Measurements for receipts, extractions and library preparations, against their category's thresholds. */
export function fillCategory(
  rng: Random,
  sample: SampleJson,
  assay: AssayDefinition,
  category: MetricCategory,
  design: string | null,
): void {
  const subject = subjectOf(sample, design);
  for (const [name, metrics] of applicableByName(assay, category, subject, false)) {
    if (onlyBooleans(metrics)) continue;
    const mode = rng.weighted([
      ['pass', 88],
      ['fail', 6],
      ['edge', 4],
      ['null', 2],
    ] as const);
    if (mode === 'null') continue;
    writeLegacy(rng, sample, name, drawValue(rng, name, metrics, mode), false);
  }
}

/** Values and the ETL's `metrics` list for one run-library; unavailable = analysis not finished. */
export function measureLibrary(
  rng: Random,
  sample: SampleJson,
  kind: Kind,
  assay: AssayDefinition,
  available: boolean,
): void {
  const category: MetricCategory = SEQUENCING_CATEGORY[kind];
  const subject = subjectOf(sample, sample.libraryDesignCode);
  // Cardea's sample model cannot hold a null list: a library without ETL metrics has an empty one.
  const style = available
    ? rng.weighted([
        ['full', 75],
        ['empty', 25],
      ] as const)
    : 'full';
  const entries: SampleMetricJson[] = [];
  for (const [name, metrics] of applicableByName(assay, category, subject, false)) {
    if (onlyBooleans(metrics)) {
      if (name === 'Sample Authenticated') {
        const authenticated = available ? rng.chance(0.97) : null;
        entries.push(sampleMetric(metrics[0], name, 'SAMPLE', null, null, authenticated));
      }
      continue;
    }
    const mode: Mode = available
      ? rng.weighted([
          ['pass', 84],
          ['fail', 6],
          ['edge', 4],
          ['null', 2],
          ['prelim', 4],
        ] as const)
      : rng.weighted([
          ['null', 55],
          ['prelim', 35],
          ['pass', 10],
        ] as const);
    if (mode === 'null') {
      if (!available) entries.push(sampleMetric(metrics[0], name, 'SAMPLE', null, null, null));
      continue;
    }
    const preliminary = mode === 'prelim';
    const value = drawValue(rng, name, metrics, preliminary ? (rng.chance(0.8) ? 'pass' : 'fail') : mode);
    writeLegacy(rng, sample, name, value, preliminary);
    const qcPassed = available ? metrics.every((m) => passes(m, value)) : null;
    entries.push(sampleMetric(metrics[0], name, 'SAMPLE', value, preliminary ? true : null, qcPassed));
    if (name === 'Clusters Per Sample' && rng.chance(0.2)) {
      const lane = Number(sample.sequencingLane);
      const laneValues = [{ laneNumber: lane, laneValue: value, read1Value: null, read2Value: null }];
      entries.push(sampleMetric(metrics[0], name, 'LANE', null, preliminary ? true : null, qcPassed, laneValues));
    }
  }
  const run = sample.run!;
  const q30 = applicableByName(assay, category, subject, true).get('Bases Over Q30');
  if (q30 && run.percentOverQ30 !== null && rng.chance(0.6)) {
    const laneValues = run.lanes.map((l) => ({
      laneNumber: l.laneNumber,
      laneValue: null,
      read1Value: l.percentOverQ30Read1,
      read2Value: l.percentOverQ30Read2,
    }));
    const qcPassed = available ? q30.every((m) => passes(m, run.percentOverQ30!)) : null;
    entries.push(sampleMetric(q30[0], 'Bases Over Q30', 'RUN', run.percentOverQ30, null, qcPassed, laneValues));
  }
  const pending = (e: SampleMetricJson) =>
    e.qcPassed === null && (e.thresholdType !== 'BOOLEAN' || e.name === 'Sample Authenticated');
  if (!available && !entries.some(pending)) {
    entries.push(sampleMetric(null, 'Sample Authenticated', 'SAMPLE', null, null, null));
  }
  sample.metrics = style === 'full' ? entries : [];
}
