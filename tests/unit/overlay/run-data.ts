import { Run, type Assay, type SampleInput } from '../../../lib/cardea/schema';
import type { FoundRunData } from '../../../lib/run-table/run-table-model';
import { assay, metric, run, sample, subcategory } from '../qc/builders';

// A hand-made NovaSeq run for the overlay tests: every shading, status and filter value occurs.

export const RUN_NAME = '230105_A00469_0405_AHXXXXDSX3';

const FD = [
  subcategory([
    metric({ name: 'Mean Coverage Deduplicated', thresholdType: 'GE', minimum: 40, units: 'X', sortPriority: 1 }),
    metric({ name: 'Duplication Rate', thresholdType: 'LE', maximum: 30, units: '%', sortPriority: 2 }),
    metric({
      name: 'Mean Insert Size',
      thresholdType: 'BETWEEN',
      minimum: 150,
      maximum: 500,
      units: 'bp',
      sortPriority: 3,
    }),
  ]),
  subcategory([metric({ name: 'rRNA Contamination', thresholdType: 'LE', maximum: 35, units: '%', sortPriority: 4 })], {
    libraryDesignCode: 'WT',
  }),
];
const LQ = [subcategory([metric({ name: 'Mean Insert Size', thresholdType: 'GE', minimum: 150, units: 'bp' })])];

export const ASSAYS: Record<string, Assay> = {
  '1': assay(1, { FULL_DEPTH_SEQUENCING: FD, LIBRARY_QUALIFICATION: LQ }),
  '2': assay(2, { FULL_DEPTH_SEQUENCING: FD }),
};

const RUN = run({
  name: RUN_NAME,
  sequencingParameters: '2×151',
  containerModel: 'S4',
  qcPassed: true,
  dataReviewPassed: null,
});

const passedReviewed = { qcPassed: true, qcUser: 'tess', dataReviewDate: '2023-01-07', dataReviewPassed: true };

function fdSample(n: number, lane: number, fields: Partial<SampleInput>): SampleInput {
  return {
    id: `5476_${lane}_LDI${n}`,
    name: `PROJ_${n}_Lv_M_PE_385_WG`,
    project: 'PROJ',
    assayIds: [1],
    libraryDesignCode: 'WG',
    sequencingLane: String(lane),
    run: RUN,
    meanCoverageDeduplicated: 45,
    duplicationRate: 10,
    meanInsertSize: 300,
    ...fields,
  };
}

/** Rows by what they show; names sort in this order (A…F). */
export const FD_SAMPLES: SampleInput[] = [
  fdSample(101, 1, { name: 'A_PASSING_WG', ...passedReviewed }),
  fdSample(102, 1, {
    name: 'B_FAILING_WG',
    meanCoverageDeduplicated: 30,
    qcPassed: false,
    qcReason: 'Low coverage',
    qcNote: 'redo',
    qcUser: 'tess',
    dataReviewDate: '2023-01-07',
    dataReviewPassed: true,
  }),
  fdSample(103, 2, { name: 'C_PENDING_WG', meanCoverageDeduplicated: null }),
  fdSample(104, 2, {
    name: 'D_PRELIMINARY_WG',
    meanCoverageDeduplicated: null,
    preliminaryMeanCoverageDeduplicated: 50,
    qcPassed: true,
  }),
  fdSample(105, 1, {
    name: 'E_OTHER_WT',
    project: 'OTHER',
    libraryDesignCode: 'WT',
    rrnaContamination: 20,
    tissueType: 'R',
    assayIds: [2],
    ...passedReviewed,
  }),
  fdSample(106, 2, { name: 'F_NO_ASSAY_WG', project: 'OTHER', assayIds: [] }),
];

export const LQ_SAMPLES: SampleInput[] = [
  fdSample(201, 1, { name: 'G_LQ_PASS', meanInsertSize: 200 }),
  fdSample(202, 1, { name: 'H_LQ_FAIL', meanInsertSize: 100 }),
];

export function runData(
  fields: Partial<FoundRunData> = {},
  fd: SampleInput[] = FD_SAMPLES,
  lq: SampleInput[] = LQ_SAMPLES,
): FoundRunData {
  return {
    status: 'found',
    run: Run.parse(RUN),
    lq: lq.map((s) => sample(s)),
    fd: fd.map((s) => sample(s)),
    assaysById: ASSAYS,
    omitted: [],
    asOf: '2023-01-08T10:00:00Z',
    stale: false,
    failure: null,
    ...fields,
  };
}

/** A NovaSeq X sized table: 8 lanes × 250 libraries, a mix of passing, failing and pending rows. */
export function bigRunData(count = 2000): FoundRunData {
  const fd: SampleInput[] = [];
  for (let i = 0; i < count; i++) {
    const lane = (i % 8) + 1;
    const coverage = i % 7 === 0 ? 30 : i % 11 === 0 ? null : 40 + (i % 30);
    fd.push(
      fdSample(10_000 + i, lane, { name: `BIG_${String(i).padStart(4, '0')}_WG`, meanCoverageDeduplicated: coverage }),
    );
  }
  return runData({}, fd, []);
}
