import { z } from 'zod';

// MISO's JSON shapes (docs/qc-in-miso.md#what-is-sent, docs/qc-in-miso.md#qc-status-writes, docs/qc-in-miso.md#reading-misos-run-page). Responses are camelCase Jackson
// output; the Run-Library Metrics request is snake_case. Optional response fields become null so a
// MISO that omits nulls parses the same as one that writes them.

const optStr = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const optBool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? null);
const optInt = z
  .number()
  .int()
  .nullish()
  .transform((v) => v ?? null);
const optNum = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
const id = z.number().int();

// ---- The request the "QC in MISO" form posts as its `data` field ----------------------------------

/** MISO's JSON string deserializer trims, turns blanks into null and refuses `<` and `>` anywhere. */
const misoText = z
  .string()
  .refine((s) => s.trim() !== '', 'must not be blank (MISO turns blank strings into null)')
  .refine((s) => !/[<>]/.test(s), 'must not contain < or > (MISO refuses the whole request)');

export const MetricsThresholdType = z.enum(['gt', 'ge', 'lt', 'le', 'between']);
export type MetricsThresholdType = z.infer<typeof MetricsThresholdType>;

export const MetricsRequestMetric = z
  .object({
    title: misoText,
    threshold_type: MetricsThresholdType,
    threshold: z.number(),
    threshold_2: z.number().optional(),
    value: z.number().nullable(),
  })
  .refine((m) => m.threshold_type !== 'between' || m.threshold_2 !== undefined, {
    message: 'a between threshold needs threshold_2',
    path: ['threshold_2'],
  });
export type MetricsRequestMetric = z.infer<typeof MetricsRequestMetric>;

export const MetricsRequestLibrary = z.object({
  name: z.string().regex(/^LDI\d+$/, 'must be a library aliquot name like LDI123'),
  run_id: id,
  partition: z.number().int().min(1),
  metrics: z.array(MetricsRequestMetric).min(1),
});
export type MetricsRequestLibrary = z.infer<typeof MetricsRequestLibrary>;

export const MetricsRequest = z.object({
  report: misoText.optional(),
  library_aliquots: z.array(MetricsRequestLibrary).min(1),
});
export type MetricsRequest = z.infer<typeof MetricsRequest>;

// ---- QC nodes (`PUT /rest/qcstatuses[/bulk]` and the metrics page's qcNodes) ----------------------

export const qcEntityTypes = [
  'Sample',
  'Library',
  'Library Aliquot',
  'Pool',
  'Run',
  'Run-Partition',
  'Run-Library',
] as const;
export const QcEntityType = z.enum(qcEntityTypes);
export type QcEntityType = z.infer<typeof QcEntityType>;

/** A run-library node has `id: null` and `ids: [runId, partitionId (DB id), aliquotId]`. */
export const QcNodeDto = z.object({
  entityType: QcEntityType,
  typeLabel: optStr,
  id: optInt,
  ids: z
    .array(id)
    .nullish()
    .transform((v) => v ?? null),
  name: optStr,
  label: optStr,
  qcPassed: optBool,
  qcStatusId: optInt,
  qcNote: optStr,
  dataReview: optBool,
});
export type QcNodeDto = z.infer<typeof QcNodeDto>;
export type QcNodeDtoInput = z.input<typeof QcNodeDto>;

// ---- The Run-Library Metrics page's `RunLibraryMetrics.buildTable(<rows>, <isRunReviewer>)` ------

export const LibraryAliquotDto = z.object({
  type: z.enum(['Plain', 'Detailed']),
  id,
  name: z.string(),
  alias: z.string(),
  libraryId: optInt,
  libraryName: optStr,
  libraryAlias: optStr,
  sampleId: optInt,
  sampleName: optStr,
  sampleAlias: optStr,
});
export type LibraryAliquotDto = z.infer<typeof LibraryAliquotDto>;

export const MetricsPageMetric = z.object({
  title: z.string(),
  /** Whatever the request sent; the page script only understands MetricsThresholdType. */
  thresholdType: z.string(),
  threshold: z.number(),
  threshold2: optNum,
  value: optNum,
});
export type MetricsPageMetric = z.infer<typeof MetricsPageMetric>;

export const MetricsPageRow = z.object({
  libraryAliquot: LibraryAliquotDto,
  metrics: z.array(MetricsPageMetric),
  /** Top sample first, run-library last. */
  qcNodes: z.array(QcNodeDto).min(1),
});
export type MetricsPageRow = z.infer<typeof MetricsPageRow>;

// ---- The Edit Run page's inline JSON and `GET /rest/runs/…` ---------------------------------------

/** `ListUtils.createStaticTable('list_aliquot', ListTarget.runaliquot, {runId: N}, [ … ])`. */
export const RunPartitionAliquotDto = z.object({
  /** The row index on the run page, not a database id. */
  id: optInt,
  runId: id,
  runAlias: z.string(),
  /** The enum name, e.g. `ILLUMINA`. */
  platformType: z.string(),
  containerId: id,
  containerIdentificationBarcode: z.string(),
  partitionId: id,
  partitionNumber: z.number().int().min(1),
  aliquotId: id,
  aliquotName: z.string(),
  aliquotAlias: z.string(),
  tissueOriginAlias: optStr,
  tissueOriginDescription: optStr,
  tissueTypeAlias: optStr,
  tissueTypeDescription: optStr,
  libraryDesignCode: optStr,
  runPurposeId: optInt,
  /** null = Pending. */
  qcStatusId: optInt,
  qcNote: optStr,
  qcUserName: optStr,
  qcDate: optStr,
  dataReview: optBool,
  dataReviewer: optStr,
  dataReviewDate: optStr,
});
export type RunPartitionAliquotDto = z.infer<typeof RunPartitionAliquotDto>;

export const PoolSummaryDto = z.object({
  id,
  name: z.string(),
  alias: z.string(),
  qcPassed: optBool,
  libraryAliquotCount: optInt,
});

/** `ListUtils.createStaticTable('list_partition', ListTarget.partition, <config>, [ … ])`. */
export const PartitionDto = z.object({
  /** The partition's database id (what `/rest/qcstatuses` needs). */
  id,
  partitionNumber: z.number().int().min(1),
  containerId: id,
  containerName: z.string(),
  runPositionAlias: optStr,
  pool: PoolSummaryDto.nullish().transform((v) => v ?? null),
  /** Partition QC type id; 0 or null = unset. */
  qcType: optInt,
  qcNotes: optStr,
  runPurposeId: optInt,
  loadingConcentration: optNum,
  loadingConcentrationUnits: optStr,
});
export type PartitionDto = z.infer<typeof PartitionDto>;

/** The RunDto of `FormUtils.createForm('runForm', 'save', <RunDto>, …)` and `GET /rest/runs/{id}`. */
export const RunDto = z.object({
  /** Jackson's polymorphic discriminator, needed when PUTting the DTO back. */
  type: z.enum(['Base', 'Illumina', 'IonTorrent', 'LS454', 'OxfordNanopore', 'PacBio', 'Solid', 'Ultima']),
  id,
  name: z.string(),
  alias: z.string(),
  description: optStr,
  /** The health key, e.g. `Completed`. */
  status: optStr,
  /** The display key, e.g. `Illumina`. */
  platformType: z.string(),
  instrumentModelId: optInt,
  instrumentModelAlias: optStr,
  instrumentId: optInt,
  instrumentName: optStr,
  startDate: optStr,
  endDate: optStr,
  sequencingParametersId: optInt,
  sequencingParametersName: optStr,
  qcPassed: optBool,
  qcUserName: optStr,
  qcDate: optStr,
  dataReview: optBool,
  dataReviewer: optStr,
  dataReviewDate: optStr,
});
export type RunDto = z.infer<typeof RunDto>;

// ---- `/constants.js` (`Constants = {…};`) --------------------------------------------------------

export const RunLibraryQcStatus = z.object({ id, description: z.string(), qcPassed: optBool });
export type RunLibraryQcStatus = z.infer<typeof RunLibraryQcStatus>;

export const DetailedQcStatus = z.object({
  id,
  status: optBool,
  description: z.string(),
  noteRequired: z.boolean(),
  archived: z.boolean().optional(),
});
export type DetailedQcStatus = z.infer<typeof DetailedQcStatus>;

export const PartitionQcType = z.object({
  id,
  description: z.string(),
  noteRequired: z.boolean(),
  orderFulfilled: z.boolean().optional(),
  analysisSkipped: z.boolean().optional(),
  detailedLabel: z.string().optional(),
});
export type PartitionQcType = z.infer<typeof PartitionQcType>;

/** The keys Bao reads; MISO sends many more, which are dropped. */
export const MisoConstants = z.object({
  runLibraryQcStatuses: z.array(RunLibraryQcStatus),
  detailedQcStatuses: z.array(DetailedQcStatus).default([]),
  partitionQcTypes: z.array(PartitionQcType).default([]),
});
export type MisoConstants = z.infer<typeof MisoConstants>;

/** `/rest/**` error bodies (docs/qc-in-miso.md#qc-status-writes). */
export const MisoRestError = z.object({
  requestUrl: optStr,
  detail: optStr,
  code: optInt,
  message: optStr,
  dataFormat: optStr,
  data: z
    .record(z.string(), z.string())
    .nullish()
    .transform((v) => v ?? null),
});
export type MisoRestError = z.infer<typeof MisoRestError>;
