import type { CaseDataInput, MetricCategory, ThresholdType } from '../../lib/cardea/schema';
import {
  ASSAYS,
  CONTAINER,
  NG_PER_UL,
  RUN_METRIC_NAMES,
  TEST_PLANS,
  type AssayDefinition,
  type MetricDefinition,
  type TestPlan,
} from './assays';
import { Random } from './random';

/**
 * A deterministic Cardea `/dimsum` document (dimsum.md §5.2). The first runs and cases are the
 * interesting ones (every notification state for library-qualification and full-depth runs, every
 * sign-off step), so even `{runs: 4}` has pending QC and pending data review runs of both kinds.
 *
 * Size: about 3.3 kB per run-library plus 11 kB per case. `{seed: 1, runs: 400, librariesPerLane: 60,
 * cases: 8000}` makes ≈84k run-libraries and a ≈370 MB document (scripts/generate-dimsum.ts).
 */
export interface GeneratorOptions {
  seed: number;
  runs: number;
  librariesPerLane: number;
  cases: number;
  /** Lanes per run; only lowers an instrument's real lane count (a MiSeq keeps its one lane). */
  lanes?: number;
}

// ---------------------------------------------------------------------------------------------------
// Cardea's JSON shapes, complete and in Jackson's field order (nulls are emitted, like Cardea does).

interface Donor {
  id: string;
  name: string;
  externalName: string;
}

interface LaneJson {
  laneNumber: number;
  percentOverQ30Read1: number | null;
  percentOverQ30Read2: number | null;
  clustersPf: number | null;
  percentPfixRead1: number | null;
  percentPfixRead2: number | null;
}

interface RunJson {
  id: number;
  name: string;
  containerModel: string;
  sequencingParameters: string;
  readLength: number;
  readLength2: number;
  startDate: string;
  completionDate: string | null;
  percentOverQ30: number | null;
  clustersPf: number | null;
  lanes: LaneJson[];
  qcPassed: boolean | null;
  qcUser: string | null;
  qcDate: string | null;
  dataReviewPassed: boolean | null;
  dataReviewUser: string | null;
  dataReviewDate: string | null;
}

interface LaneValueJson {
  laneNumber: number;
  laneValue: number | null;
  read1Value: number | null;
  read2Value: number | null;
}

interface SampleMetricJson {
  name: string;
  thresholdType: ThresholdType | null;
  minimum: number | null;
  maximum: number | null;
  metricLevel: 'SAMPLE' | 'RUN' | 'LANE';
  preliminary: boolean | null;
  value: number | null;
  laneValues: LaneValueJson[] | null;
  qcPassed: boolean | null;
  units: string | null;
}

interface SampleJson {
  id: string;
  name: string;
  requisitionId: number | null;
  requisitionName: string | null;
  assayIds: number[];
  project: string;
  donor: Donor | null;
  createdDate: string | null;
  tissueOrigin: string | null;
  tissueType: string | null;
  tissueMaterial: string | null;
  timepoint: string | null;
  secondaryId: string | null;
  groupId: string | null;
  nucleicAcidType: string | null;
  librarySize: number | null;
  libraryDesignCode: string | null;
  targetedSequencing: string | null;
  run: RunJson | null;
  sequencingLane: string | null;
  volume: number | null;
  concentration: number | null;
  concentrationUnits: string | null;
  meanInsertSize: number | null;
  medianInsertSize: number | null;
  clustersPerSample: number | null;
  preliminaryClustersPerSample: number | null;
  duplicationRate: number | null;
  meanCoverageDeduplicated: number | null;
  preliminaryMeanCoverageDeduplicated: number | null;
  rrnaContamination: number | null;
  mappedToCoding: number | null;
  rawCoverage: number | null;
  onTargetReads: number | null;
  collapsedCoverage: number | null;
  lambdaMethylation: number | null;
  lambdaClusters: number | null;
  puc19Methylation: number | null;
  puc19Clusters: number | null;
  relativeCpgInRegions: number | null;
  methylationBeta: number | null;
  peReads: number | null;
  dv200: number | null;
  qcPassed: boolean | null;
  qcReason: string | null;
  qcNote: string | null;
  qcUser: string | null;
  qcDate: string | null;
  dataReviewPassed: boolean | null;
  dataReviewUser: string | null;
  dataReviewDate: string | null;
  transferDate: string | null;
  latestActivityDate: string | null;
  analysisSkipped: boolean | null;
  metrics: SampleMetricJson[] | null;
}

type NumericField = {
  [K in keyof SampleJson]: SampleJson[K] extends number | null ? (null extends SampleJson[K] ? K : never) : never;
}[keyof SampleJson];

interface TestJson {
  name: string;
  tissueOrigin: string;
  tissueType: string;
  timepoint: string | null;
  groupId: string;
  libraryDesignCode: string;
  libraryQualificationDesignCode: string | null;
  targetedSequencing: string | null;
  extractionSkipped: boolean;
  libraryPreparationSkipped: boolean;
  libraryQualificationSkipped: boolean;
  extractions: SampleJson[];
  libraryPreparations: SampleJson[];
  libraryQualifications: SampleJson[];
  fullDepthSequencings: SampleJson[];
  latestActivityDate: string | null;
  libraryQualificationDaysSpent: number;
  fullDepthSequencingDaysSpent: number;
}

type AnalysisReviewStatus = 'PASSED' | 'FAILED' | 'NOT_APPLICABLE';
type ReleaseApprovalStatus = 'PASSED_PROCEED' | 'FAILED_PROCEED' | 'FAILED_STOP' | 'NOT_APPLICABLE';
type ReleaseStatus = 'PASSED_RELEASE' | 'STAGED' | 'FAILED_RELEASE' | 'FAILED_STOP' | 'NOT_APPLICABLE';

const ANALYSIS_REVIEW_OUTCOMES: readonly (readonly [AnalysisReviewStatus, number])[] = [
  ['PASSED', 85],
  ['FAILED', 5],
  ['NOT_APPLICABLE', 10],
];
const RELEASE_APPROVAL_OUTCOMES: readonly (readonly [ReleaseApprovalStatus, number])[] = [
  ['PASSED_PROCEED', 82],
  ['FAILED_PROCEED', 8],
  ['FAILED_STOP', 4],
  ['NOT_APPLICABLE', 6],
];
const RELEASE_OUTCOMES: readonly (readonly [ReleaseStatus, number])[] = [
  ['PASSED_RELEASE', 75],
  ['STAGED', 8],
  ['FAILED_RELEASE', 5],
  ['FAILED_STOP', 4],
  ['NOT_APPLICABLE', 8],
];

interface ReleaseJson {
  deliverable: string;
  qcStatus: ReleaseStatus | null;
  qcUser: string | null;
  qcDate: string | null;
  qcNote: string | null;
}

interface DeliverableJson {
  deliverableCategory: string;
  analysisReviewSkipped: boolean;
  analysisReviewQcStatus: AnalysisReviewStatus | null;
  analysisReviewQcUser: string | null;
  analysisReviewQcDate: string | null;
  analysisReviewQcNote: string | null;
  releaseApprovalQcStatus: ReleaseApprovalStatus | null;
  releaseApprovalQcUser: string | null;
  releaseApprovalQcDate: string | null;
  releaseApprovalQcNote: string | null;
  releases: ReleaseJson[];
  analysisReviewDaysSpent: number;
  releaseApprovalDaysSpent: number;
  releaseDaysSpent: number;
  deliverableDaysSpent: number;
  latestActivityDate: string | null;
}

interface ProjectJson {
  name: string;
  pipeline: string;
  deliverables: Record<string, string[]>;
}

interface CaseJson {
  id: string;
  assayId: number;
  assayName: string;
  assayDescription: string | null;
  donor: Donor;
  startDate: string | null;
  projects: ProjectJson[];
  receipts: SampleJson[];
  tests: TestJson[];
  requisition: {
    id: number;
    name: string;
    assayIds: number[];
    stopped: boolean;
    stopReason: string | null;
    paused: boolean;
    pauseReason: string | null;
  };
  qcGroups: {
    tissueOrigin: string;
    tissueType: string;
    libraryDesignCode: string;
    groupId: string;
    purity: number | null;
    collapsedCoverage: number | null;
    callability: number | null;
  }[];
  deliverables: DeliverableJson[];
  timepoint: string | null;
  tissueOrigin: string;
  tissueType: string;
  latestActivityDate: string | null;
  caseDaysSpent: number;
  pauseDays: number;
  archivingStatus: string | null;
  archivingDestination: string | null;
  archivingTtlDays: number | null;
}

interface OmittedRunSampleJson {
  id: string;
  name: string;
  project: string;
  runId: number;
  runName: string;
  sequencingLane: number;
  sequencingType: 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';
  qcPassed: boolean | null;
  qcReason: string | null;
  qcUser: string | null;
  qcDate: string | null;
  dataReviewPassed: boolean | null;
  dataReviewUser: string | null;
  dataReviewDate: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary

/** Dates are days before the epoch; the document's timestamp is on the epoch day. */
const EPOCH_MS = Date.UTC(2026, 8, 1);
const DAY_MS = 86_400_000;
const TIMESTAMP = new Date(EPOCH_MS + 10 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const QC_USERS = ['Avery Chen', 'Priya Natarajan', 'Jonah Fischer', 'Mei Lin Tan', 'Olu Adeyemi', 'Sofia Reyes'];
const REVIEWERS = ['Dana Whitfield', 'Marcus Bell', 'Hana Kobayashi'];
const CASE_USERS = ['Ruth Okafor', 'Tomasz Nowak', 'Leila Haddad', 'Ben Carter'];
const LIBRARY_NOTES = ['Low yield; sequence anyway per PI', 'Re-pooled after first loading', 'Borderline insert size'];
const CASE_NOTES = [
  'Purity 30% + low coverage; proceed',
  'Reviewed at tumour board',
  'Callability below target (72%)',
  'Released to collaborator portal',
  'Awaiting clinician sign-off',
];
const STOP_REASONS = ['Patient withdrew consent', 'Insufficient tumour material', 'Requisition cancelled by clinic'];
const PAUSE_REASONS = ['Awaiting additional tissue', 'Consent under review'];

const PROJECT_LIST: ProjectJson[] = [
  {
    name: 'PANX',
    pipeline: 'Clinical',
    deliverables: { 'Clinical Report': ['Clinical Report'], 'Data Release': ['Full Pipeline'] },
  },
  { name: 'HRDX', pipeline: 'Research', deliverables: { 'Data Release': ['Full Pipeline', 'cBioPortal Submission'] } },
  {
    name: 'LIVR',
    pipeline: 'Clinical',
    deliverables: { 'Clinical Report': ['Clinical Report'], 'Data Release': ['Full Pipeline', 'cBioPortal Submission'] },
  },
  { name: 'CFMX', pipeline: 'Research', deliverables: { 'Data Release': ['Full Pipeline'] } },
  { name: 'OVRN', pipeline: 'Accredited', deliverables: { 'Clinical Report': ['Clinical Report'] } },
  { name: 'GLIO', pipeline: 'Research', deliverables: {} },
];
const PROJECTS = PROJECT_LIST.map((project, i) => [project, [30, 25, 20, 15, 8, 2][i]] as const);
const OMITTED_PROJECTS = ['XTRA', 'PILOT', 'TGLX'];
const ASSAY_WEIGHTS = ASSAYS.map((assay, i) => [assay, [35, 20, 15, 15, 15][i] ?? 10] as const);

const TUMOUR_ORIGINS = ['Lv', 'Pa', 'Lu', 'Co', 'Br', 'Ov', 'Pr', 'Kd', 'Bn'];
const LIBRARY_SIZES: Record<TestPlan['design'], readonly [number, number]> = {
  WG: [350, 650],
  WT: [250, 450],
  EX: [250, 400],
  TS: [200, 350],
  CM: [250, 350],
  SW: [250, 320],
  PG: [450, 600],
};

type Kind = 'LQ' | 'FD';
type Scenario = 'done' | 'runReview' | 'review' | 'qc' | 'partial' | 'analysis' | 'sequencing';
type Fault = 'lowQ30' | 'lowClusters' | 'lowPhix' | 'missingR1' | 'missingR2';
type InstrumentKey = 'miSeqNano' | 'miSeqMicro' | 'nextSeq' | 's1' | 'sp' | 's2' | 's4' | 'x10b' | 'x25b';

interface Instrument {
  kind: Kind;
  serials: readonly string[];
  container: string;
  lanes: number;
  /** Clusters passing filter per lane, a healthy range. */
  laneClusters: readonly [number, number];
  q30: readonly [number, number];
  flowCell(rng: Random): string;
  parameters(rng: Random): readonly [string, number, number];
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const novaSeqFlowCell = (suffix: string) => (rng: Random) =>
  `${rng.pick(['A', 'B'])}H${rng.chars(4, ALNUM)}${suffix}${rng.pick(['X', 'Y', '2', '3'])}`;
const novaSeqXFlowCell = (suffix: string) => (rng: Random) =>
  `${rng.pick(['A', 'B'])}22${rng.chars(4, ALNUM)}${suffix}`;
const novaSeqParameters = (rng: Random) =>
  rng.chance(0.25) ? (['2×101', 101, 101] as const) : (['2×151', 151, 151] as const);
const NOVASEQ = ['A00469', 'A00953', 'A01244'];
const NOVASEQ_X = ['LH00224', 'LH00307'];

const INSTRUMENTS: Record<InstrumentKey, Instrument> = {
  miSeqNano: {
    kind: 'LQ',
    serials: ['M00753', 'M00146', 'M06816'],
    container: CONTAINER.miSeqNano,
    lanes: 1,
    laneClusters: [700_000, 1_500_000],
    q30: [88, 96],
    flowCell: (rng) => `000000000-${rng.chars(5, ALNUM)}`,
    parameters: () => ['Nano 2×151', 151, 151],
  },
  miSeqMicro: {
    kind: 'LQ',
    serials: ['M00753', 'M06816'],
    container: CONTAINER.miSeqMicro,
    lanes: 1,
    laneClusters: [3_200_000, 5_200_000],
    q30: [88, 96],
    flowCell: (rng) => `000000000-${rng.chars(5, ALNUM)}`,
    parameters: () => ['Micro 2×151', 151, 151],
  },
  nextSeq: {
    kind: 'LQ',
    serials: ['NB551056', 'NB551731'],
    container: CONTAINER.nextSeqHigh,
    lanes: 4,
    laneClusters: [95_000_000, 125_000_000],
    q30: [86, 93],
    flowCell: (rng) => `AH${rng.chars(4, ALNUM)}BGX${rng.pick(['M', 'Y', '2', '3', 'C'])}`,
    parameters: (rng) => (rng.chance(0.2) ? ['2×101', 101, 101] : ['2×151', 151, 151]),
  },
  s1: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.s1,
    lanes: 2,
    laneClusters: [650_000_000, 900_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DRX'),
    parameters: novaSeqParameters,
  },
  sp: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.sp,
    lanes: 2,
    laneClusters: [330_000_000, 460_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DRX'),
    parameters: novaSeqParameters,
  },
  s2: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.s2,
    lanes: 2,
    laneClusters: [1_450_000_000, 1_900_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DMX'),
    parameters: novaSeqParameters,
  },
  s4: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.s4,
    lanes: 4,
    laneClusters: [1_900_000_000, 2_600_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DSX'),
    parameters: novaSeqParameters,
  },
  x10b: {
    kind: 'FD',
    serials: NOVASEQ_X,
    container: CONTAINER.x10b,
    lanes: 8,
    laneClusters: [1_300_000_000, 1_600_000_000],
    q30: [88, 95],
    flowCell: novaSeqXFlowCell('LT3'),
    parameters: () => ['2×151', 151, 151],
  },
  x25b: {
    kind: 'FD',
    serials: NOVASEQ_X,
    container: CONTAINER.x25b,
    lanes: 8,
    laneClusters: [3_100_000_000, 3_800_000_000],
    q30: [88, 95],
    flowCell: novaSeqXFlowCell('LT4'),
    parameters: () => ['2×151', 151, 151],
  },
};

interface RunPlan {
  scenario: Scenario;
  instrument: InstrumentKey;
  faults?: Fault[];
  pooled?: boolean;
}

/** The first runs, in order: what a small dataset must still show. */
const LEAD_RUNS: readonly RunPlan[] = [
  { scenario: 'qc', instrument: 'miSeqNano' },
  { scenario: 'qc', instrument: 's4', faults: ['lowClusters'], pooled: false },
  { scenario: 'review', instrument: 'nextSeq', faults: ['missingR2'] },
  { scenario: 'review', instrument: 'x25b', faults: ['lowPhix'], pooled: false },
  { scenario: 'partial', instrument: 'miSeqMicro' },
  { scenario: 'analysis', instrument: 's2' },
  { scenario: 'done', instrument: 'miSeqNano' },
  { scenario: 'done', instrument: 'x10b', pooled: true },
  { scenario: 'analysis', instrument: 'nextSeq' },
  { scenario: 'sequencing', instrument: 's1' },
  { scenario: 'runReview', instrument: 'miSeqNano', faults: ['missingR1'] },
  { scenario: 'runReview', instrument: 'sp' },
  { scenario: 'done', instrument: 's4', faults: ['lowQ30'], pooled: true },
  { scenario: 'sequencing', instrument: 'miSeqMicro' },
];

const LQ_INSTRUMENTS: readonly (readonly [InstrumentKey, number])[] = [
  ['miSeqNano', 5],
  ['miSeqMicro', 2],
  ['nextSeq', 3],
];
const FD_INSTRUMENTS: readonly (readonly [InstrumentKey, number])[] = [
  ['s4', 4],
  ['s2', 2],
  ['s1', 2],
  ['sp', 1],
  ['x10b', 2],
  ['x25b', 2],
];
const FAULT_RATES: readonly (readonly [Fault, number])[] = [
  ['lowQ30', 0.06],
  ['lowClusters', 0.06],
  ['lowPhix', 0.04],
  ['missingR2', 0.04],
  ['missingR1', 0.02],
];
const SCENARIOS: readonly (readonly [Scenario, number])[] = [
  ['done', 62],
  ['review', 10],
  ['qc', 10],
  ['analysis', 6],
  ['partial', 4],
  ['sequencing', 3],
  ['runReview', 5],
];

// ---------------------------------------------------------------------------------------------------
// Metric applicability and values (the same rules Dimsum applies, dimsum.md §1.6–1.8)

interface Subject {
  design: string | null;
  tissueOrigin: string | null;
  tissueType: string | null;
  tissueMaterial: string | null;
  nucleicAcidType: string | null;
  concentrationUnits: string | null;
  run: RunJson | null;
}

const subjectOf = (sample: SampleJson, design: string | null): Subject => ({
  design,
  tissueOrigin: sample.tissueOrigin,
  tissueType: sample.tissueType,
  tissueMaterial: sample.tissueMaterial,
  nucleicAcidType: sample.nucleicAcidType,
  concentrationUnits: sample.concentrationUnits,
  run: sample.run,
});

const within1 = (a: number, b: number | null) => b !== null && Math.abs(a - b) <= 1;

function metricApplies(m: MetricDefinition, s: Subject): boolean {
  if (m.tissueMaterial && m.tissueMaterial !== s.tissueMaterial) return false;
  if (m.tissueOrigin && m.tissueOrigin !== s.tissueOrigin) return false;
  if (m.nucleicAcidType && m.nucleicAcidType !== s.nucleicAcidType) return false;
  if (m.tissueType && (m.tissueType === s.tissueType) === m.negateTissueType) return false;
  if (m.containerModel && m.containerModel !== s.run?.containerModel) return false;
  if (m.readLength) {
    if (!within1(m.readLength, s.run?.readLength ?? null)) return false;
    if (m.readLength2 && !within1(m.readLength2, s.run?.readLength2 ?? null)) return false;
  }
  if (m.name === 'Concentration (Qubit)') {
    if (m.units === NG_PER_UL && s.concentrationUnits !== 'NANOGRAMS_PER_MICROLITRE') return false;
    if (m.units === 'nM' && s.concentrationUnits !== 'NANOMOLAR') return false;
  }
  return true;
}

/** Applicable metrics by name, in assay order. `runMetrics` selects the run-only names or everything else. */
function applicableByName(
  assay: AssayDefinition,
  category: MetricCategory,
  s: Subject,
  runMetrics: boolean,
): Map<string, MetricDefinition[]> {
  const byName = new Map<string, MetricDefinition[]>();
  for (const sub of assay.metricCategories[category] ?? []) {
    if (sub.libraryDesignCode && sub.libraryDesignCode !== s.design) continue;
    for (const m of sub.metrics) {
      if (RUN_METRIC_NAMES.includes(m.name) !== runMetrics || !metricApplies(m, s)) continue;
      const list = byName.get(m.name);
      if (list) list.push(m);
      else byName.set(m.name, [m]);
    }
  }
  return byName;
}

function divisor(units: string | null): number {
  const first = units?.[0];
  return first === 'K' ? 1e3 : first === 'M' ? 1e6 : first === 'B' ? 1e9 : 1;
}

function passes(m: MetricDefinition, raw: number): boolean {
  const v = raw / divisor(m.units);
  switch (m.thresholdType) {
    case 'GT':
      return m.minimum === null || v > m.minimum;
    case 'GE':
      return m.minimum === null || v >= m.minimum;
    case 'LT':
      return m.maximum === null || v < m.maximum;
    case 'LE':
      return m.maximum === null || v <= m.maximum;
    case 'BETWEEN':
      return (m.minimum === null || v >= m.minimum) && (m.maximum === null || v <= m.maximum);
    case 'BOOLEAN':
      return true;
  }
}

type Mode = 'pass' | 'fail' | 'edge' | 'null' | 'prelim';

const usesMinimum = (m: MetricDefinition) => ['GT', 'GE', 'BETWEEN'].includes(m.thresholdType);
const usesMaximum = (m: MetricDefinition) => ['LT', 'LE', 'BETWEEN'].includes(m.thresholdType);

function roundValue(name: string, scale: number, v: number): number {
  if (scale > 1 || /Clusters|Reads$/.test(name)) return Math.round(v);
  return Math.abs(v) >= 10 ? Math.round(v * 100) / 100 : Math.round(v * 10_000) / 10_000;
}

/** A raw value (before Dimsum's K/M/B divisor) that passes, fails or sits exactly on the threshold. */
function drawValue(rng: Random, name: string, metrics: MetricDefinition[], mode: 'pass' | 'fail' | 'edge'): number {
  const first = metrics[0];
  const scale = divisor(first.units);
  const hasMin = first.minimum !== null && usesMinimum(first);
  const hasMax = first.maximum !== null && usesMaximum(first);
  if (mode === 'edge') {
    const useMin = hasMin && (!hasMax || rng.chance(0.5));
    return (useMin ? first.minimum! : first.maximum!) * scale;
  }
  if (mode === 'fail') {
    if (hasMin && (!hasMax || rng.chance(0.5))) {
      return roundValue(name, scale, first.minimum! * scale * rng.float(0.4, 0.93));
    }
    const above = first.maximum! * scale * rng.float(1.08, 1.6);
    return roundValue(name, scale, first.units === '%' ? Math.min(above, 100) : above);
  }
  let lower = -Infinity;
  // Percentages stay percentages.
  let upper = first.units === '%' ? 100 : Infinity;
  for (const m of metrics) {
    const d = divisor(m.units);
    if (m.minimum !== null && usesMinimum(m)) lower = Math.max(lower, m.minimum * d);
    if (m.maximum !== null && usesMaximum(m)) upper = Math.min(upper, m.maximum * d);
  }
  let v: number;
  if (Number.isFinite(lower) && Number.isFinite(upper)) v = lower + (upper - lower) * rng.float(0.1, 0.9);
  else if (Number.isFinite(lower)) v = lower * rng.float(1.05, 2.2);
  else if (Number.isFinite(upper)) v = upper * rng.float(0.05, 0.85);
  else v = rng.float(1, 100);
  return roundValue(name, scale, v);
}

const LEGACY_FIELDS: Record<string, NumericField> = {
  'Appropriate volume': 'volume',
  Volume: 'volume',
  DV200: 'dv200',
  'Mean Insert Size': 'meanInsertSize',
  'Median Insert Size': 'medianInsertSize',
  'Duplication Rate': 'duplicationRate',
  'Clusters Per Sample': 'clustersPerSample',
  'Pass Filter Clusters': 'clustersPerSample',
  'Total Clusters (Passed Filter)': 'clustersPerSample',
  'Pipeline Filtered Clusters': 'clustersPerSample',
  'Mean Coverage Deduplicated': 'meanCoverageDeduplicated',
  'rRNA Contamination': 'rrnaContamination',
  'Coverage (Raw)': 'rawCoverage',
  'Mean Bait Coverage': 'rawCoverage',
  'Mapped to Coding': 'mappedToCoding',
  'On Target Reads': 'onTargetReads',
  'Quantitative PCR (qPCR)': 'concentration',
  'Lambda Methylation': 'lambdaMethylation',
  'Lambda Clusters': 'lambdaClusters',
  'pUC19 Methylation': 'puc19Methylation',
  'pUC19 Clusters': 'puc19Clusters',
  'Methylation Beta': 'methylationBeta',
  'PE Reads': 'peReads',
  'Collapsed Coverage': 'collapsedCoverage',
  'Relative CpG Frequency in Regions vs Reference': 'relativeCpgInRegions',
};
const PRELIMINARY_FIELDS: Partial<Record<NumericField, NumericField>> = {
  clustersPerSample: 'preliminaryClustersPerSample',
  meanCoverageDeduplicated: 'preliminaryMeanCoverageDeduplicated',
};

function legacyField(name: string): NumericField | 'yield' | null {
  if (name in LEGACY_FIELDS) return LEGACY_FIELDS[name];
  if (name === 'Yield' || name === 'Yield (Qubit)') return 'yield';
  if (name.startsWith('Concentration')) return 'concentration';
  if (name.startsWith('Avg Size Distribution')) return 'librarySize';
  return null;
}

/** Puts a value where Dimsum's legacy mapping (§1.7) finds it; false when only a metrics entry can carry it. */
function writeLegacy(rng: Random, sample: SampleJson, name: string, value: number, preliminary: boolean): boolean {
  const field = legacyField(name);
  if (field === null) return false;
  if (field === 'yield') {
    if (preliminary) return false;
    const volume = sample.volume ?? Math.round(rng.float(15, 90) * 10) / 10;
    sample.volume = volume;
    sample.concentration = Math.round((value / volume) * 1000) / 1000;
    return true;
  }
  if (preliminary) {
    const target = PRELIMINARY_FIELDS[field];
    if (!target) return false;
    sample[target] = value;
    return true;
  }
  if (sample[field] === null) sample[field] = value;
  return true;
}

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

// ---------------------------------------------------------------------------------------------------
// Generation state

interface CaseState {
  json: CaseJson;
  assay: AssayDefinition;
  project: ProjectJson;
  tests: TestState[];
  stage: CaseStage;
  /** Days before the epoch of its earliest and latest run activity (null until it is sequenced). */
  earliestRunDay: number | null;
  latestRunDay: number | null;
}

interface TestState {
  json: TestJson;
  plan: TestPlan;
  owner: CaseState;
  material: string;
  libraries: LibraryState[];
  current: LibraryState | null;
  extraction: SampleJson;
  /** Days before the epoch of the test's latest run-library activity. */
  latestRunDay: number | null;
}

interface LibraryState {
  aliquotId: number;
  name: string;
  test: TestState;
  assayIds: number[];
  librarySize: number | null;
  concentration: number | null;
  concentrationUnits: string;
  prep: SampleJson;
  lqRuns: number;
  fdRuns: number;
  lastRunId: number;
  firstRunDay: number | null;
}

type QcFields = Pick<
  SampleJson,
  'qcPassed' | 'qcReason' | 'qcUser' | 'qcDate' | 'dataReviewPassed' | 'dataReviewUser' | 'dataReviewDate'
>;

interface LibraryStatus {
  available: boolean;
  qc: 'none' | 'passed' | 'failed' | 'topUp';
  review: 'none' | 'passed' | 'failed';
}

type CaseStage = 'analysisReview' | 'releaseApproval' | 'release' | 'done';

interface CaseShape {
  stage: CaseStage;
  stopped?: boolean;
  paused?: boolean;
}

const LEAD_CASES: readonly CaseShape[] = [
  { stage: 'analysisReview' },
  { stage: 'releaseApproval' },
  { stage: 'release' },
  { stage: 'done' },
  { stage: 'releaseApproval', stopped: true },
  { stage: 'analysisReview', paused: true },
  { stage: 'done', stopped: true },
];

const blankSample = (id: string, name: string, project: string): SampleJson => ({
  id,
  name,
  requisitionId: null,
  requisitionName: null,
  assayIds: [],
  project,
  donor: null,
  createdDate: null,
  tissueOrigin: null,
  tissueType: null,
  tissueMaterial: null,
  timepoint: null,
  secondaryId: null,
  groupId: null,
  nucleicAcidType: null,
  librarySize: null,
  libraryDesignCode: null,
  targetedSequencing: null,
  run: null,
  sequencingLane: null,
  volume: null,
  concentration: null,
  concentrationUnits: null,
  meanInsertSize: null,
  medianInsertSize: null,
  clustersPerSample: null,
  preliminaryClustersPerSample: null,
  duplicationRate: null,
  meanCoverageDeduplicated: null,
  preliminaryMeanCoverageDeduplicated: null,
  rrnaContamination: null,
  mappedToCoding: null,
  rawCoverage: null,
  onTargetReads: null,
  collapsedCoverage: null,
  lambdaMethylation: null,
  lambdaClusters: null,
  puc19Methylation: null,
  puc19Clusters: null,
  relativeCpgInRegions: null,
  methylationBeta: null,
  peReads: null,
  dv200: null,
  qcPassed: null,
  qcReason: null,
  qcNote: null,
  qcUser: null,
  qcDate: null,
  dataReviewPassed: null,
  dataReviewUser: null,
  dataReviewDate: null,
  transferDate: null,
  latestActivityDate: null,
  analysisSkipped: null,
  metrics: null,
});

const round2 = (v: number) => Math.round(v * 100) / 100;

class Generator {
  private readonly rng: Random;
  private readonly options: GeneratorOptions;
  private readonly dates = new Map<number, string>();
  private readonly names = new Set<string>();
  private readonly runNames = new Set<string>();
  private readonly runNumbers = new Map<string, Set<number>>();
  private readonly cases: CaseState[] = [];
  private readonly omittedRunSamples: OmittedRunSampleJson[] = [];
  private nextSampleId: number;
  private nextAliquotId: number;
  private nextLibraryId: number;
  private nextRunId: number;
  private nextDonor: number;

  constructor(options: GeneratorOptions) {
    this.options = options;
    this.rng = new Random(options.seed);
    this.nextSampleId = 400_000 + this.rng.int(0, 9_999);
    this.nextAliquotId = 70_000 + this.rng.int(0, 9_999);
    this.nextLibraryId = 75_000 + this.rng.int(0, 9_999);
    this.nextRunId = 6_000 + this.rng.int(0, 400);
    this.nextDonor = 1_000 + this.rng.int(0, 500);
  }

  /** `YYYY-MM-DD`, `daysBefore` days before the epoch (cached, so a million dates are a few hundred strings). */
  private date(daysBefore: number): string {
    let text = this.dates.get(daysBefore);
    if (text === undefined) {
      text = new Date(EPOCH_MS - daysBefore * DAY_MS).toISOString().slice(0, 10);
      this.dates.set(daysBefore, text);
    }
    return text;
  }

  /** A day `after` to `after + spread` days later than `day`, never past the epoch. */
  private later(day: number, after: number, spread: number): number {
    return Math.max(0, day - this.rng.int(after, after + spread));
  }

  generate(): CaseDataInput {
    const { cases, runs } = this.options;
    for (let i = 0; i < cases; i++) this.cases.push(this.buildCase(i));
    const lqTests = this.cases.flatMap((c) => c.tests).filter((t) => !t.plan.libraryQualificationSkipped);
    const fdTests = this.cases.flatMap((c) => c.tests);
    const cursors: Record<Kind, { tests: TestState[]; next: number }> = {
      LQ: { tests: lqTests, next: 0 },
      FD: { tests: fdTests, next: 0 },
    };
    for (let i = 0; i < runs; i++) this.buildRun(i < LEAD_RUNS.length ? LEAD_RUNS[i] : this.randomRunPlan(), cursors);
    for (const c of this.cases) this.finishCase(c);
    const assaysById: Record<string, AssayDefinition> = {};
    for (const assay of ASSAYS) assaysById[String(assay.id)] = assay;
    const doc = {
      assaysById,
      cases: this.cases.map((c) => c.json),
      omittedSamples: this.omittedSamples(),
      omittedRunSamples: this.omittedRunSamples,
      timestamp: TIMESTAMP,
    };
    return doc;
  }

  // -- cases ----------------------------------------------------------------------------------------

  private buildCase(index: number): CaseState {
    const rng = this.rng;
    const assay = index < ASSAYS.length ? ASSAYS[index] : rng.weighted(ASSAY_WEIGHTS);
    const project = index === 0 ? PROJECTS[2][0] : rng.weighted(PROJECTS);
    const shape: CaseShape =
      index < LEAD_CASES.length
        ? LEAD_CASES[index]
        : {
            stage: rng.weighted([
              ['analysisReview', 30],
              ['releaseApproval', 15],
              ['release', 15],
              ['done', 40],
            ] as const),
            stopped: rng.chance(0.04),
            paused: rng.chance(0.04),
          };
    const donorNumber = this.nextDonor++;
    const donor: Donor = {
      id: `SAM${this.nextSampleId++}`,
      name: `${project.name}_${String(donorNumber).padStart(4, '0')}`,
      externalName: `${project.name.toLowerCase()}-ext-${donorNumber}`,
    };
    const origin = rng.pick(TUMOUR_ORIGINS);
    const tumourType = rng.weighted([['P', 6], ['M', 3], ['X', 1]] as const);
    const tumourMaterial = rng.chance(0.7) ? 'Fresh Frozen' : 'FFPE';
    const timepoint = rng.chance(0.1) ? rng.pick(['T1', 'T2', 'Baseline']) : null;
    const requisitionId = 500 + index * 3 + rng.int(0, 2);
    const caseState: CaseState = {
      json: {
        id: `${donor.name}_${rng.pick(['a', 'b', 'c'])}${rng.int(1, 4)}_${origin}_${tumourType}`,
        assayId: assay.id,
        assayName: assay.name,
        assayDescription: assay.description,
        donor,
        startDate: null,
        projects: [project],
        receipts: [],
        tests: [],
        requisition: {
          id: requisitionId,
          name: `REQ-${requisitionId}`,
          assayIds: [assay.id],
          stopped: shape.stopped ?? false,
          stopReason: shape.stopped ? rng.pick(STOP_REASONS) : null,
          paused: shape.paused ?? false,
          pauseReason: shape.paused ? rng.pick(PAUSE_REASONS) : null,
        },
        qcGroups: [],
        deliverables: [],
        timepoint,
        tissueOrigin: origin,
        tissueType: tumourType,
        latestActivityDate: null,
        caseDaysSpent: 0,
        pauseDays: shape.paused ? rng.int(3, 40) : 0,
        archivingStatus: null,
        archivingDestination: null,
        archivingTtlDays: null,
      },
      assay,
      project,
      tests: [],
      stage: shape.stage,
      earliestRunDay: null,
      latestRunDay: null,
    };
    const receipts = new Map<string, SampleJson>();
    for (const plan of TEST_PLANS[assay.id]) {
      if (plan.optional && index !== 1 && !rng.chance(0.3)) continue;
      const tissue =
        plan.role === 'normal'
          ? { origin: 'Ly', type: 'R', material: 'Blood' }
          : plan.role === 'plasma'
            ? { origin: 'Pb', type: 'T', material: 'Plasma' }
            : { origin, type: tumourType, material: tumourMaterial };
      const key = `${tissue.origin}_${tissue.type}`;
      let receipt = receipts.get(key);
      if (!receipt) {
        receipt = this.nonRunSample(caseState, `${donor.name}_${key}_nn_1-1`, tissue, null);
        this.fillCategory(receipt, assay, 'RECEIPT', null);
        receipts.set(key, receipt);
        caseState.json.receipts.push(receipt);
      }
      const groupId = `${donor.externalName}_${key}`;
      const extraction = this.nonRunSample(
        caseState,
        `${donor.name}_${key}_nn_1-1_${plan.nucleicAcidType === 'RNA' ? 'R' : 'D'}_S1`,
        tissue,
        plan.nucleicAcidType,
      );
      extraction.groupId = groupId;
      extraction.concentrationUnits = 'NANOGRAMS_PER_MICROLITRE';
      this.fillCategory(extraction, assay, 'EXTRACTION', null);
      const test: TestState = {
        json: {
          name: plan.name,
          tissueOrigin: tissue.origin,
          tissueType: tissue.type,
          timepoint: plan.role === 'tumour' ? timepoint : null,
          groupId,
          libraryDesignCode: plan.design,
          libraryQualificationDesignCode: plan.libraryQualificationSkipped ? null : plan.design,
          targetedSequencing: plan.targetedSequencing,
          extractionSkipped: false,
          libraryPreparationSkipped: false,
          libraryQualificationSkipped: plan.libraryQualificationSkipped,
          extractions: [extraction],
          libraryPreparations: [],
          libraryQualifications: [],
          fullDepthSequencings: [],
          latestActivityDate: null,
          libraryQualificationDaysSpent: 0,
          fullDepthSequencingDaysSpent: 0,
        },
        plan,
        owner: caseState,
        material: tissue.material,
        libraries: [],
        current: null,
        extraction,
        latestRunDay: null,
      };
      caseState.tests.push(test);
      caseState.json.tests.push(test.json);
      caseState.json.qcGroups.push({
        tissueOrigin: tissue.origin,
        tissueType: tissue.type,
        libraryDesignCode: plan.design,
        groupId,
        purity: plan.role === 'tumour' ? round2(rng.float(20, 90)) : null,
        collapsedCoverage: null,
        callability: plan.design === 'WG' || plan.design === 'EX' ? round2(rng.float(70, 95)) : null,
      });
    }
    return caseState;
  }

  private nonRunSample(
    c: CaseState,
    name: string,
    tissue: { origin: string; type: string; material: string },
    nucleicAcidType: string | null,
  ): SampleJson {
    const sample = blankSample(`SAM${this.nextSampleId++}`, name, c.project.name);
    this.identify(sample, c);
    sample.tissueOrigin = tissue.origin;
    sample.tissueType = tissue.type;
    sample.tissueMaterial = tissue.material;
    sample.nucleicAcidType = nucleicAcidType;
    sample.metrics = [];
    return sample;
  }

  private identify(sample: SampleJson, c: CaseState): void {
    sample.requisitionId = c.json.requisition.id;
    sample.requisitionName = c.json.requisition.name;
    sample.assayIds = [c.assay.id];
    sample.donor = c.json.donor;
    sample.timepoint = c.json.timepoint;
  }

  /** Measurements for receipts, extractions and library preparations, against their category's thresholds. */
  private fillCategory(
    sample: SampleJson,
    assay: AssayDefinition,
    category: MetricCategory,
    design: string | null,
  ): void {
    const subject = subjectOf(sample, design);
    for (const [name, metrics] of applicableByName(assay, category, subject, false)) {
      if (metrics.every((m) => m.thresholdType === 'BOOLEAN')) continue;
      const mode = this.rng.weighted([['pass', 88], ['fail', 6], ['edge', 4], ['null', 2]] as const);
      if (mode === 'null') continue;
      writeLegacy(this.rng, sample, name, drawValue(this.rng, name, metrics, mode), false);
    }
  }

  private newLibrary(test: TestState): LibraryState {
    const rng = this.rng;
    const c = test.owner;
    const tissue = test.json;
    const prep = blankSample(`LIB${this.nextLibraryId++}`, '', c.project.name);
    this.identify(prep, c);
    Object.assign(prep, {
      tissueOrigin: tissue.tissueOrigin,
      tissueType: tissue.tissueType,
      tissueMaterial: test.material,
      groupId: tissue.groupId,
      nucleicAcidType: test.plan.nucleicAcidType,
      libraryDesignCode: test.plan.design,
      targetedSequencing: test.plan.targetedSequencing,
      concentrationUnits: rng.chance(0.5) ? 'NANOGRAMS_PER_MICROLITRE' : 'NANOMOLAR',
      metrics: [],
    });
    this.fillCategory(prep, c.assay, 'LIBRARY_PREP', test.plan.design);
    const [lo, hi] = LIBRARY_SIZES[test.plan.design];
    // Library aliases are project_donor_origin_type_PE_size_design, unique like MISO's.
    const prefix = `${c.json.donor.name}_${tissue.tissueOrigin}_${tissue.tissueType}_PE_`;
    let size = Math.round(prep.librarySize ?? rng.int(lo, hi));
    let name = `${prefix}${size}_${test.plan.design}`;
    while (this.names.has(name)) {
      size = rng.int(lo, hi);
      name = `${prefix}${size}_${test.plan.design}`;
    }
    this.names.add(name);
    prep.name = name;
    prep.librarySize = size;
    if (prep.concentration === null) prep.concentration = round2(rng.float(1, 30));
    test.json.libraryPreparations.push(prep);
    const others = ASSAYS.filter((a) => a.id !== c.assay.id);
    const roll = rng.next();
    const library: LibraryState = {
      aliquotId: this.nextAliquotId++,
      name,
      test,
      assayIds: roll < 0.02 ? [] : roll < 0.05 ? [c.assay.id, rng.pick(others).id] : [c.assay.id],
      librarySize: prep.librarySize,
      concentration: prep.concentration,
      concentrationUnits: prep.concentrationUnits ?? 'NANOMOLAR',
      prep,
      lqRuns: 0,
      fdRuns: 0,
      lastRunId: -1,
      firstRunDay: null,
    };
    test.libraries.push(library);
    test.current = library;
    return library;
  }

  /** The library a test puts on this run: its current one, or a new one (top-up limit, or already in this lane). */
  private libraryFor(test: TestState, kind: Kind, inLane: Set<number>): LibraryState | null {
    let library = test.current;
    const exhausted = library !== null && (kind === 'LQ' ? library.lqRuns >= 2 : library.fdRuns >= 3);
    if (library === null || exhausted || inLane.has(library.aliquotId)) {
      if (library !== null && inLane.has(library.aliquotId) && test.libraries.length >= 4) return null;
      library = this.newLibrary(test);
    }
    return library;
  }

  // -- runs -----------------------------------------------------------------------------------------

  private randomRunPlan(): RunPlan {
    const rng = this.rng;
    const kind: Kind = rng.chance(0.35) ? 'LQ' : 'FD';
    const instrument = rng.weighted(kind === 'LQ' ? LQ_INSTRUMENTS : FD_INSTRUMENTS);
    let scenario = rng.weighted(SCENARIOS);
    if (scenario === 'partial' && kind === 'FD') scenario = 'qc';
    const faults: Fault[] = [];
    for (const [fault, p] of FAULT_RATES) if (rng.chance(p)) faults.push(fault);
    return { scenario, instrument, faults };
  }

  private runDates(scenario: Scenario): { start: number; completion: number | null } {
    const rng = this.rng;
    const [lo, hi] = {
      sequencing: [0, 2],
      analysis: [2, 6],
      partial: [2, 6],
      qc: [3, 10],
      review: [5, 21],
      runReview: [5, 21],
      done: [21, 520],
    }[scenario];
    const start = rng.int(lo, hi);
    return { start, completion: scenario === 'sequencing' ? null : Math.max(0, start - rng.int(1, 2)) };
  }

  private buildRun(plan: RunPlan, cursors: Record<Kind, { tests: TestState[]; next: number }>): void {
    const rng = this.rng;
    const instrument = INSTRUMENTS[plan.instrument];
    const kind = instrument.kind;
    const lanes = Math.max(1, Math.min(instrument.lanes, this.options.lanes ?? instrument.lanes));
    const { start, completion } = this.runDates(plan.scenario);
    const [parameters, readLength, readLength2] = instrument.parameters(rng);
    const run: RunJson = {
      id: this.nextRunId,
      name: this.runName(instrument, start),
      containerModel: instrument.container,
      sequencingParameters: parameters,
      readLength,
      readLength2,
      startDate: this.date(start),
      completionDate: completion === null ? null : this.date(completion),
      percentOverQ30: null,
      clustersPf: null,
      lanes: [],
      qcPassed: null,
      qcUser: null,
      qcDate: null,
      dataReviewPassed: null,
      dataReviewUser: null,
      dataReviewDate: null,
    };
    this.nextRunId += rng.int(1, 3);
    this.measureRun(run, instrument, lanes, plan);
    this.runQc(run, plan.scenario, completion ?? start);

    // NextSeq loads one pool on all four lanes; NovaSeq runs may be pooled (standard) or lane-by-lane (XP).
    const pooled = plan.instrument === 'nextSeq' || (plan.pooled ?? (lanes > 1 && rng.chance(0.5)));
    const cursor = cursors[kind];
    const { librariesPerLane } = this.options;
    let firstLane: (LibraryState | null)[] = [];
    let linked = 0;
    for (let lane = 1; lane <= lanes; lane++) {
      let slots: (LibraryState | null)[];
      if (pooled && lane > 1) {
        slots = firstLane;
      } else {
        slots = [];
        const inLane = new Set<number>();
        for (let j = 0; j < librariesPerLane; j++) {
          let library: LibraryState | null = null;
          if (cursor.tests.length > 0 && (j === 0 || !rng.chance(0.02))) {
            const test = cursor.tests[cursor.next % cursor.tests.length];
            cursor.next++;
            library = this.libraryFor(test, kind, inLane);
          }
          if (library) inLane.add(library.aliquotId);
          slots.push(library);
        }
        if (lane === 1) firstLane = slots;
      }
      for (const library of slots) {
        if (library === null) {
          this.omittedRunLibrary(run, lane, kind, plan.scenario, completion ?? start);
          continue;
        }
        const status = this.libraryStatus(plan.scenario, kind, linked++);
        this.runLibrary(run, lane, kind, library, status, start, completion);
      }
    }
  }

  private runName(instrument: Instrument, startDay: number): string {
    const rng = this.rng;
    const ymd = this.date(startDay).replaceAll('-', '').slice(2);
    const serial = rng.pick(instrument.serials);
    // Instruments count their runs (about one every two or three days) and never repeat a number.
    const used = this.runNumbers.get(serial) ?? new Set<number>();
    this.runNumbers.set(serial, used);
    let number = Math.max(1, Math.floor((2_800 - startDay) / 2.5));
    while (used.has(number)) number++;
    used.add(number);
    const runNumber = String(number).padStart(4, '0');
    let name: string;
    do {
      name = `${ymd}_${serial}_${runNumber}_${instrument.flowCell(rng)}`;
    } while (this.runNames.has(name));
    this.runNames.add(name);
    return name;
  }

  private measureRun(run: RunJson, instrument: Instrument, laneCount: number, plan: RunPlan): void {
    const rng = this.rng;
    const faults = new Set(plan.faults ?? []);
    const inProgress = plan.scenario === 'sequencing';
    const q30 = faults.has('lowQ30') ? rng.float(62, 74) : rng.float(instrument.q30[0], instrument.q30[1]);
    const faultyLane = rng.int(1, laneCount);
    const smallRun = instrument.kind === 'LQ';
    let total = 0;
    for (let n = 1; n <= laneCount; n++) {
      const lane: LaneJson = {
        laneNumber: n,
        percentOverQ30Read1: round2(Math.min(99.5, q30 + rng.float(1, 4))),
        percentOverQ30Read2: round2(q30 - rng.float(1, 5)),
        clustersPf: rng.int(instrument.laneClusters[0], instrument.laneClusters[1]),
        percentPfixRead1: round2(rng.float(0.3, 1.6)),
        percentPfixRead2: round2(rng.float(0.3, 1.6)),
      };
      // A whole small run under-clusters; on a big run it is usually one lane.
      if (faults.has('lowClusters') && (smallRun || n === faultyLane)) {
        lane.clustersPf = Math.round(lane.clustersPf! * rng.float(0.3, 0.55));
      }
      if (faults.has('lowPhix') && n === faultyLane) lane.percentPfixRead1 = round2(rng.float(0.01, 0.08));
      if (faults.has('missingR2') && n === faultyLane) {
        lane.percentOverQ30Read2 = null;
        lane.percentPfixRead2 = null;
      }
      if (faults.has('missingR1') && n === faultyLane) {
        lane.percentOverQ30Read1 = null;
        lane.percentPfixRead1 = null;
      }
      if (inProgress) {
        lane.clustersPf = n === 1 ? lane.clustersPf : null;
        lane.percentOverQ30Read2 = null;
        lane.percentPfixRead2 = null;
      }
      total += lane.clustersPf ?? 0;
      run.lanes.push(lane);
    }
    run.percentOverQ30 = inProgress ? null : round2(q30);
    run.clustersPf = inProgress ? null : total;
  }

  private runQc(run: RunJson, scenario: Scenario, completion: number): void {
    const rng = this.rng;
    const qcDone = scenario === 'done' || scenario === 'runReview' || (scenario === 'review' && rng.chance(0.75));
    if (!qcDone) return;
    const qcDay = this.later(completion, 0, 3);
    run.qcPassed = rng.chance(0.9);
    run.qcUser = rng.pick(QC_USERS);
    run.qcDate = this.date(qcDay);
    if (scenario !== 'done') return;
    run.dataReviewPassed = run.qcPassed ? rng.chance(0.97) : false;
    run.dataReviewUser = rng.pick(REVIEWERS);
    run.dataReviewDate = this.date(this.later(qcDay, 0, 3));
  }

  /** QC and analysis state of the `index`th case-linked run-library of a run in `scenario`. */
  private libraryStatus(scenario: Scenario, kind: Kind, index: number): LibraryStatus {
    const rng = this.rng;
    const decided = (): LibraryStatus['qc'] => rng.weighted([['passed', 88], ['failed', 7], ['topUp', 5]] as const);
    switch (scenario) {
      case 'done':
      case 'runReview':
        return { available: true, qc: decided(), review: rng.chance(0.96) ? 'passed' : 'failed' };
      case 'review':
        return { available: true, qc: decided(), review: index === 0 || rng.chance(0.5) ? 'none' : 'passed' };
      case 'qc': {
        if (index === 0) return { available: true, qc: 'none', review: 'none' };
        // FD is ready with any library available, so some full-depth libraries may still be in analysis.
        if (kind === 'FD' && rng.chance(0.15)) return { available: false, qc: 'none', review: 'none' };
        return { available: true, qc: rng.chance(0.2) ? decided() : 'none', review: 'none' };
      }
      case 'partial':
        return { available: index === 0 || (index > 1 && rng.chance(0.5)), qc: 'none', review: 'none' };
      case 'analysis':
      case 'sequencing':
        return { available: false, qc: 'none', review: 'none' };
    }
  }

  private applyQc(target: QcFields, status: LibraryStatus, completion: number): number | null {
    const rng = this.rng;
    if (status.qc === 'none') return null;
    const qcDay = this.later(completion, 1, 3);
    target.qcPassed = status.qc === 'passed' ? true : status.qc === 'failed' ? false : null;
    target.qcReason = status.qc === 'passed' ? 'Passed' : status.qc === 'failed' ? 'Failed' : 'Top-up Required';
    target.qcUser = rng.pick(QC_USERS);
    target.qcDate = this.date(qcDay);
    if (status.review === 'none') return qcDay;
    const reviewDay = this.later(qcDay, 0, 3);
    target.dataReviewPassed = status.review === 'passed';
    target.dataReviewUser = rng.pick(REVIEWERS);
    target.dataReviewDate = this.date(reviewDay);
    return reviewDay;
  }

  private runLibrary(
    run: RunJson,
    lane: number,
    kind: Kind,
    library: LibraryState,
    status: LibraryStatus,
    start: number,
    completion: number | null,
  ): void {
    const rng = this.rng;
    const test = library.test;
    const c = test.owner;
    const sample = blankSample(`${run.id}_${lane}_LDI${library.aliquotId}`, library.name, c.project.name);
    this.identify(sample, c);
    sample.assayIds = library.assayIds;
    sample.createdDate = this.date(start);
    sample.tissueOrigin = test.json.tissueOrigin;
    sample.tissueType = test.json.tissueType;
    sample.tissueMaterial = test.material;
    sample.timepoint = test.json.timepoint;
    sample.groupId = test.json.groupId;
    sample.nucleicAcidType = test.plan.nucleicAcidType;
    sample.librarySize = library.librarySize;
    sample.libraryDesignCode = test.plan.design;
    sample.targetedSequencing = test.plan.targetedSequencing;
    sample.run = run;
    sample.sequencingLane = String(lane);
    sample.concentration = library.concentration;
    sample.concentrationUnits = library.concentrationUnits;

    const skipped = status.available && status.qc !== 'none' && rng.chance(0.02);
    if (skipped) {
      sample.analysisSkipped = true;
      sample.metrics = [];
    } else {
      sample.analysisSkipped = false;
      this.measureLibrary(sample, kind, c.assay, status.available);
    }
    const done = this.applyQc(sample, status, completion ?? start);
    if (sample.qcPassed === false && rng.chance(0.4)) sample.qcNote = rng.pick(LIBRARY_NOTES);
    const latest = Math.min(done ?? start, completion ?? start);
    sample.latestActivityDate = this.date(latest);

    if (library.lastRunId !== run.id) {
      library.lastRunId = run.id;
      if (kind === 'LQ') library.lqRuns++;
      else library.fdRuns++;
    }
    library.firstRunDay = Math.max(library.firstRunDay ?? start, start);
    c.earliestRunDay = Math.max(c.earliestRunDay ?? start, start);
    c.latestRunDay = Math.min(c.latestRunDay ?? latest, latest);
    test.latestRunDay = Math.min(test.latestRunDay ?? latest, latest);
    (kind === 'LQ' ? test.json.libraryQualifications : test.json.fullDepthSequencings).push(sample);
  }

  /** Values and the ETL's `metrics` list for one run-library; unavailable = analysis not finished. */
  private measureLibrary(sample: SampleJson, kind: Kind, assay: AssayDefinition, available: boolean): void {
    const rng = this.rng;
    const category: MetricCategory = kind === 'LQ' ? 'LIBRARY_QUALIFICATION' : 'FULL_DEPTH_SEQUENCING';
    const subject = subjectOf(sample, sample.libraryDesignCode);
    const style = available ? rng.weighted([['full', 75], ['empty', 15], ['null', 10]] as const) : 'full';
    const entries: SampleMetricJson[] = [];
    for (const [name, metrics] of applicableByName(assay, category, subject, false)) {
      if (metrics.every((m) => m.thresholdType === 'BOOLEAN')) {
        if (name === 'Sample Authenticated') {
          const authenticated = available ? rng.chance(0.97) : null;
          entries.push(sampleMetric(metrics[0], name, 'SAMPLE', null, null, authenticated));
        }
        continue;
      }
      const mode: Mode = available
        ? rng.weighted([['pass', 84], ['fail', 6], ['edge', 4], ['null', 2], ['prelim', 4]] as const)
        : rng.weighted([['null', 55], ['prelim', 35], ['pass', 10]] as const);
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
    sample.metrics = style === 'full' ? entries : style === 'empty' ? [] : null;
  }

  private omittedRunLibrary(run: RunJson, lane: number, kind: Kind, scenario: Scenario, completion: number): void {
    const rng = this.rng;
    const project = rng.pick(OMITTED_PROJECTS);
    const design = rng.pick(['WG', 'WT', 'EX', 'TS'] as const);
    const [lo, hi] = LIBRARY_SIZES[design];
    const entry: OmittedRunSampleJson = {
      id: `${run.id}_${lane}_LDI${this.nextAliquotId++}`,
      name: [
        project,
        String(rng.int(1, 9_999)).padStart(4, '0'),
        rng.pick(TUMOUR_ORIGINS),
        rng.pick(['R', 'P']),
        'PE',
        rng.int(lo, hi),
        design,
      ].join('_'),
      project,
      runId: run.id,
      runName: run.name,
      sequencingLane: lane,
      sequencingType: kind === 'LQ' ? 'LIBRARY_QUALIFICATION' : 'FULL_DEPTH_SEQUENCING',
      qcPassed: null,
      qcReason: null,
      qcUser: null,
      qcDate: null,
      dataReviewPassed: null,
      dataReviewUser: null,
      dataReviewDate: null,
    };
    this.applyQc(entry, this.libraryStatus(scenario, kind, 1), completion);
    this.omittedRunSamples.push(entry);
  }

  // -- finishing ------------------------------------------------------------------------------------

  /** Dates for the case's non-run items (before its first run), deliverables, and activity dates. */
  private finishCase(c: CaseState): void {
    const rng = this.rng;
    const start = (c.earliestRunDay ?? rng.int(20, 200)) + rng.int(12, 30);
    const json = c.json;
    json.startDate = this.date(start);
    const stamp = (sample: SampleJson, day: number, signedOff: boolean) => {
      sample.createdDate = this.date(day);
      sample.latestActivityDate = sample.createdDate;
      if (!signedOff) return;
      sample.qcPassed = sample.qcPassed ?? true;
      sample.qcReason = 'Ready';
      sample.qcUser = rng.pick(QC_USERS);
      sample.qcDate = this.date(this.later(day, 0, 1));
      sample.latestActivityDate = sample.qcDate;
    };
    for (const receipt of json.receipts) stamp(receipt, start, true);
    let latest = c.latestRunDay ?? this.later(start, 5, 10);
    for (const test of c.tests) {
      const extractionDay = this.later(start, 2, 2);
      stamp(test.extraction, extractionDay, true);
      test.extraction.transferDate = this.date(this.later(extractionDay, 0, 1));
      let testLatest = extractionDay;
      for (const library of test.libraries) {
        const prepDay =
          library.firstRunDay === null
            ? this.later(extractionDay, 2, 4)
            : Math.min(start - 5, library.firstRunDay + rng.int(2, 6));
        stamp(library.prep, Math.max(0, prepDay), c.stage !== 'analysisReview' || rng.chance(0.9));
        testLatest = Math.min(testLatest, prepDay);
      }
      if (test.latestRunDay !== null) testLatest = Math.min(testLatest, test.latestRunDay);
      test.json.latestActivityDate = this.date(Math.max(0, testLatest));
      test.json.libraryQualificationDaysSpent = test.json.libraryQualifications.length > 0 ? rng.int(2, 9) : 0;
      test.json.fullDepthSequencingDaysSpent = test.json.fullDepthSequencings.length > 0 ? rng.int(3, 14) : 0;
      latest = Math.min(latest, testLatest);
    }
    const signOffEnd = this.buildDeliverables(c, Math.max(0, latest));
    latest = Math.min(latest, signOffEnd);
    json.latestActivityDate = this.date(Math.max(0, latest));
    json.caseDaysSpent = start - (c.stage === 'done' ? Math.max(0, latest) : 0);
    if (c.stage === 'done') {
      json.archivingStatus = rng.pick(['PENDING', 'STARTED', 'COMPLETE']);
      json.archivingDestination = 'Tape';
      json.archivingTtlDays = 365;
    }
  }

  /** Deliverables at the case's sign-off step; returns the day of the last sign-off. */
  private buildDeliverables(c: CaseState, after: number): number {
    const rng = this.rng;
    const stopped = c.json.requisition.stopped;
    const order: CaseStage[] = ['analysisReview', 'releaseApproval', 'release', 'done'];
    const reached = order.indexOf(c.stage);
    let last = after;
    const note = () => (rng.chance(0.3) ? rng.pick(CASE_NOTES) : null);
    for (const [category, names] of Object.entries(c.project.deliverables)) {
      const skipped = category === 'Data Release' && c.project.pipeline === 'Research' && rng.chance(0.3);
      const arDay = this.later(after, 1, 5);
      const raDay = this.later(arDay, 0, 4);
      const deliverable: DeliverableJson = {
        deliverableCategory: category,
        analysisReviewSkipped: skipped,
        analysisReviewQcStatus: null,
        analysisReviewQcUser: null,
        analysisReviewQcDate: null,
        analysisReviewQcNote: null,
        releaseApprovalQcStatus: null,
        releaseApprovalQcUser: null,
        releaseApprovalQcDate: null,
        releaseApprovalQcNote: null,
        releases: names.map((deliverable) => ({ deliverable, qcStatus: null, qcUser: null, qcDate: null, qcNote: null })),
        analysisReviewDaysSpent: 0,
        releaseApprovalDaysSpent: 0,
        releaseDaysSpent: 0,
        deliverableDaysSpent: 0,
        latestActivityDate: null,
      };
      // A stopped case skips analysis review (shown as N/A) but still needs release approval and release.
      if (reached >= 1 && !skipped && !stopped) {
        deliverable.analysisReviewQcStatus = rng.weighted(ANALYSIS_REVIEW_OUTCOMES);
        deliverable.analysisReviewQcUser = rng.pick(CASE_USERS);
        deliverable.analysisReviewQcDate = this.date(arDay);
        deliverable.analysisReviewQcNote = note();
        deliverable.analysisReviewDaysSpent = rng.int(0, 4);
        last = Math.min(last, arDay);
      }
      if (reached >= 2) {
        deliverable.releaseApprovalQcStatus = stopped
          ? 'FAILED_STOP'
          : rng.weighted(RELEASE_APPROVAL_OUTCOMES);
        deliverable.releaseApprovalQcUser = rng.pick(CASE_USERS);
        deliverable.releaseApprovalQcDate = this.date(raDay);
        deliverable.releaseApprovalQcNote = stopped ? c.json.requisition.stopReason : note();
        deliverable.releaseApprovalDaysSpent = rng.int(0, 3);
        last = Math.min(last, raDay);
      }
      deliverable.releases.forEach((release, i) => {
        // At the release step, the first release is always still pending; later ones may be done.
        const released = reached === 3 || (reached === 2 && i > 0 && rng.chance(0.5));
        if (!released) return;
        const day = this.later(raDay, 0, 5);
        release.qcStatus =
          stopped || deliverable.releaseApprovalQcStatus === 'FAILED_STOP'
            ? 'FAILED_STOP'
            : rng.weighted(RELEASE_OUTCOMES);
        release.qcUser = rng.pick(CASE_USERS);
        release.qcDate = this.date(day);
        release.qcNote = note();
        last = Math.min(last, day);
      });
      deliverable.releaseDaysSpent = reached === 3 ? rng.int(0, 5) : 0;
      deliverable.deliverableDaysSpent =
        deliverable.analysisReviewDaysSpent + deliverable.releaseApprovalDaysSpent + deliverable.releaseDaysSpent;
      deliverable.latestActivityDate = this.date(last);
      c.json.deliverables.push(deliverable);
    }
    return last;
  }

  /** Receipts not (yet) in any case, like Cardea's `receipts_nocase`. */
  private omittedSamples(): SampleJson[] {
    const count = 2 + Math.floor(this.options.cases / 200);
    const out: SampleJson[] = [];
    for (let i = 0; i < count; i++) {
      const donor = `NOCASE_${String(i + 1).padStart(4, '0')}`;
      const sample = blankSample(`SAM${this.nextSampleId++}`, `${donor}_Ly_R_nn_1-1`, 'NOCASE');
      sample.tissueOrigin = 'Ly';
      sample.tissueType = 'R';
      sample.tissueMaterial = 'Blood';
      sample.createdDate = this.date(this.rng.int(0, 30));
      sample.latestActivityDate = sample.createdDate;
      sample.metrics = [];
      out.push(sample);
    }
    return out;
  }
}

export function generateCaseData(options: GeneratorOptions): CaseDataInput {
  for (const key of ['runs', 'librariesPerLane', 'cases'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 0) {
      throw new Error(`generator option ${key} must be a whole number`);
    }
  }
  if (options.lanes !== undefined && (!Number.isInteger(options.lanes) || options.lanes < 1)) {
    throw new Error('generator option lanes must be a positive whole number');
  }
  return new Generator(options).generate();
}
