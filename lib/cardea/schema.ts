import { z } from 'zod';

// Cardea's `/dimsum` document (CaseData) in the camelCase shapes its Jackson getters emit
// (docs/qc-rules.md#cardeas-document). Fields the QC engine, notifications and case sign-offs read are typed; the
// rest of Cardea's output is stripped at the boundary so the index stays small.

/** Cardea serves thresholds as numbers, but the ETL files carry them as strings; accept both. */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number or a numeric string')
    .transform(Number),
]);
const num = looseNumber.nullish().transform((v) => v ?? null);
const str = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const bool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? null);
const int = z
  .number()
  .int()
  .nullish()
  .transform((v) => v ?? null);
const strList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

export const thresholdTypes = ['BOOLEAN', 'LT', 'LE', 'GT', 'GE', 'BETWEEN'] as const;
export const ThresholdType = z.enum(thresholdTypes);
export type ThresholdType = z.infer<typeof ThresholdType>;

export const metricCategories = [
  'RECEIPT',
  'EXTRACTION',
  'LIBRARY_PREP',
  'LIBRARY_QUALIFICATION',
  'FULL_DEPTH_SEQUENCING',
  'ANALYSIS_REVIEW',
] as const;
export const MetricCategory = z.enum(metricCategories);
export type MetricCategory = z.infer<typeof MetricCategory>;

export const Metric = z.object({
  name: z.string(),
  sortPriority: int,
  minimum: num,
  maximum: num,
  units: str,
  tissueMaterial: str,
  tissueOrigin: str,
  tissueType: str,
  negateTissueType: bool,
  nucleicAcidType: str,
  containerModel: str,
  readLength: int,
  readLength2: int,
  thresholdType: ThresholdType,
});
export type Metric = z.infer<typeof Metric>;

export const MetricSubcategory = z.object({
  name: str,
  sortPriority: int,
  libraryDesignCode: str,
  metrics: z.array(Metric),
});
export type MetricSubcategory = z.infer<typeof MetricSubcategory>;

export const Assay = z.object({
  id: z.number().int(),
  name: z.string(),
  description: str,
  version: str,
  metricCategories: z.partialRecord(MetricCategory, z.array(MetricSubcategory)).default({}),
});
export type Assay = z.infer<typeof Assay>;

export const RunLane = z.object({
  laneNumber: z.number().int(),
  percentOverQ30Read1: num,
  percentOverQ30Read2: num,
  clustersPf: num,
  percentPfixRead1: num,
  percentPfixRead2: num,
});
export type RunLane = z.infer<typeof RunLane>;

export const Run = z.object({
  id: z.number().int(),
  name: z.string(),
  containerModel: str,
  sequencingParameters: str,
  readLength: int,
  readLength2: int,
  startDate: str,
  completionDate: str,
  percentOverQ30: num,
  clustersPf: num,
  joinedLanes: bool,
  lanes: z
    .array(RunLane)
    .nullish()
    .transform((v) => v ?? []),
  qcPassed: bool,
  qcUser: str,
  qcDate: str,
  dataReviewPassed: bool,
  dataReviewUser: str,
  dataReviewDate: str,
});
export type Run = z.infer<typeof Run>;

export const MetricLevel = z.enum(['SAMPLE', 'RUN', 'LANE']);
export const LaneValue = z.object({
  laneNumber: z.number().int(),
  laneValue: num,
  read1Value: num,
  read2Value: num,
});
export const SampleMetric = z.object({
  name: z.string(),
  thresholdType: ThresholdType.nullish().transform((v) => v ?? null),
  minimum: num,
  maximum: num,
  metricLevel: MetricLevel,
  preliminary: bool,
  value: num,
  laneValues: z
    .array(LaneValue)
    .nullish()
    .transform((v) => v ?? null),
  qcPassed: bool,
  units: str,
});
export type SampleMetric = z.infer<typeof SampleMetric>;

export const Sample = z.object({
  id: z.string(),
  name: z.string(),
  requisitionId: int,
  requisitionName: str,
  assayIds: z
    .array(z.number().int())
    .nullish()
    .transform((v) => v ?? []),
  project: str,
  donor: z
    .object({ id: z.string(), name: z.string(), externalName: str })
    .nullish()
    .transform((v) => v ?? null),
  createdDate: str,
  tissueOrigin: str,
  tissueType: str,
  tissueMaterial: str,
  timepoint: str,
  secondaryId: str,
  groupId: str,
  nucleicAcidType: str,
  librarySize: num,
  libraryDesignCode: str,
  targetedSequencing: str,
  run: Run.nullish().transform((v) => v ?? null),
  sequencingLane: z
    .union([z.string(), z.number().int().transform(String)])
    .nullish()
    .transform((v) => v ?? null),
  volume: num,
  concentration: num,
  concentrationUnits: str,
  meanInsertSize: num,
  medianInsertSize: num,
  clustersPerSample: num,
  preliminaryClustersPerSample: num,
  duplicationRate: num,
  meanCoverageDeduplicated: num,
  preliminaryMeanCoverageDeduplicated: num,
  /** Cardea's spelling; Dimsum's UI reads `rRnaContamination` and so never sees it (docs/qc-rules.md#value-source). */
  rrnaContamination: num,
  mappedToCoding: num,
  rawCoverage: num,
  onTargetReads: num,
  collapsedCoverage: num,
  lambdaMethylation: num,
  lambdaClusters: num,
  puc19Methylation: num,
  puc19Clusters: num,
  relativeCpgInRegions: num,
  methylationBeta: num,
  peReads: num,
  dv200: num,
  qcPassed: bool,
  qcReason: str,
  qcNote: str,
  qcUser: str,
  qcDate: str,
  dataReviewPassed: bool,
  dataReviewUser: str,
  dataReviewDate: str,
  transferDate: str,
  latestActivityDate: str,
  analysisSkipped: bool,
  metrics: z
    .array(SampleMetric)
    .nullish()
    .transform((v) => v ?? null),
});
export type Sample = z.infer<typeof Sample>;

export const Test = z.object({
  name: z.string(),
  tissueOrigin: str,
  tissueType: str,
  timepoint: str,
  groupId: str,
  libraryDesignCode: str,
  libraryQualificationDesignCode: str,
  targetedSequencing: str,
  extractionSkipped: bool,
  libraryPreparationSkipped: bool,
  libraryQualificationSkipped: bool,
  extractions: z
    .array(Sample)
    .nullish()
    .transform((v) => v ?? []),
  libraryPreparations: z
    .array(Sample)
    .nullish()
    .transform((v) => v ?? []),
  libraryQualifications: z
    .array(Sample)
    .nullish()
    .transform((v) => v ?? []),
  fullDepthSequencings: z
    .array(Sample)
    .nullish()
    .transform((v) => v ?? []),
  latestActivityDate: str,
});
export type Test = z.infer<typeof Test>;

/** Case QC statuses are serialised by enum name; pending is a null status (docs/case-signoffs.md#allowed-status-pairs). */
export const AnalysisReviewQcStatus = z.enum(['PENDING', 'PASSED', 'FAILED', 'NOT_APPLICABLE']);
export const ReleaseApprovalQcStatus = z.enum([
  'PENDING',
  'PASSED_PROCEED',
  'FAILED_PROCEED',
  'FAILED_STOP',
  'NOT_APPLICABLE',
]);
export const ReleaseQcStatus = z.enum([
  'PENDING',
  'PASSED_RELEASE',
  'STAGED',
  'FAILED_RELEASE',
  'FAILED_STOP',
  'NOT_APPLICABLE',
]);

export const CaseRelease = z.object({
  deliverable: z.string(),
  qcStatus: ReleaseQcStatus.nullish().transform((v) => v ?? null),
  qcUser: str,
  qcDate: str,
  qcNote: str,
});
export type CaseRelease = z.infer<typeof CaseRelease>;

export const CaseDeliverable = z.object({
  deliverableCategory: z.string(),
  analysisReviewSkipped: bool,
  analysisReviewQcStatus: AnalysisReviewQcStatus.nullish().transform((v) => v ?? null),
  analysisReviewQcUser: str,
  analysisReviewQcDate: str,
  analysisReviewQcNote: str,
  releaseApprovalQcStatus: ReleaseApprovalQcStatus.nullish().transform((v) => v ?? null),
  releaseApprovalQcUser: str,
  releaseApprovalQcDate: str,
  releaseApprovalQcNote: str,
  releases: z
    .array(CaseRelease)
    .nullish()
    .transform((v) => v ?? []),
  latestActivityDate: str,
});
export type CaseDeliverable = z.infer<typeof CaseDeliverable>;

export const Requisition = z.object({
  id: z.number().int(),
  name: z.string(),
  assayIds: z
    .array(z.number().int())
    .nullish()
    .transform((v) => v ?? []),
  stopped: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  stopReason: str,
  paused: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  pauseReason: str,
});

export const Project = z.object({
  name: z.string(),
  pipeline: str,
  deliverables: z
    .record(z.string(), strList)
    .nullish()
    .transform((v) => v ?? {}),
});

export const Case = z.object({
  id: z.string(),
  assayId: int,
  assayName: str,
  assayDescription: str,
  donor: z.object({ id: z.string(), name: z.string(), externalName: str }),
  startDate: str,
  projects: z
    .array(Project)
    .nullish()
    .transform((v) => v ?? []),
  receipts: z
    .array(Sample)
    .nullish()
    .transform((v) => v ?? []),
  tests: z
    .array(Test)
    .nullish()
    .transform((v) => v ?? []),
  requisition: Requisition,
  deliverables: z
    .array(CaseDeliverable)
    .nullish()
    .transform((v) => v ?? []),
  timepoint: str,
  tissueOrigin: str,
  tissueType: str,
  latestActivityDate: str,
  pauseDays: int,
  archivingStatus: str,
});
export type Case = z.infer<typeof Case>;

export const OmittedRunSample = z.object({
  id: z.string(),
  name: z.string(),
  project: str,
  runId: z.number().int(),
  runName: z.string(),
  sequencingLane: z.number().int(),
  /**
   * The metric category the library was sequenced for. Cardea types it as any of its six categories, though
   * only LIBRARY_QUALIFICATION and FULL_DEPTH_SEQUENCING (the run page's two tables) are usual. The Omissions
   * list every library of the run that is in no case, whatever its category, so any text (or none) is kept as
   * it came: one odd value must not cost the whole document.
   */
  sequencingType: str,
  qcPassed: bool,
  qcReason: str,
  qcUser: str,
  qcDate: str,
  dataReviewPassed: bool,
  dataReviewUser: str,
  dataReviewDate: str,
});
export type OmittedRunSample = z.infer<typeof OmittedRunSample>;

export const CardeaTimestamp = z.string().datetime({ offset: true }).nullable();

/** The whole `/dimsum` document. The ingest never parses it in one piece; it parses the parts. */
export const CaseData = z.object({
  assaysById: z.record(z.string(), Assay),
  cases: z.array(Case),
  omittedSamples: z.array(z.unknown()).nullish(),
  omittedRunSamples: z
    .array(OmittedRunSample)
    .nullish()
    .transform((v) => v ?? []),
  timestamp: CardeaTimestamp.optional(),
});
export type CaseData = z.infer<typeof CaseData>;

/** Input shapes (before the null-filling transforms), for code that writes Cardea documents. */
export type CaseDataInput = z.input<typeof CaseData>;
export type CaseInput = z.input<typeof Case>;
export type SampleInput = z.input<typeof Sample>;
export type RunInput = z.input<typeof Run>;
export type AssayInput = z.input<typeof Assay>;
