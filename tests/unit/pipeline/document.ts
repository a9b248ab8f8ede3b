import type { AssayInput, CaseDataInput, CaseInput, RunInput, SampleInput } from '../../../lib/cardea/schema';

// A small Cardea `/dimsum` document written by hand: two runs, three cases, one run-library shared
// by two cases, an LQ item that never went on a run, and two omitted run-libraries.

export const MISEQ = '230104_M00146_0012_000000000-KXQ7B';
export const NOVASEQ = '230110_A00469_0410_BHXY7LDSX5';
/** Every sign-off done: no notification. */
export const DONE = '221222_A00469_0405_AHYGHJDSX3';
/** A run whose only library is omitted (no case): Dimsum does not know it. */
export const OMITTED_ONLY = '230111_A00469_0411_AHZZZZDSX5';

export function run(id: number, name: string, fields: Partial<RunInput> = {}): RunInput {
  return {
    id,
    name,
    containerModel: name.includes('_M0') ? 'MiSeq v3' : 'S4',
    sequencingParameters: '2x151',
    readLength: 151,
    readLength2: 151,
    startDate: '2023-01-02',
    completionDate: '2023-01-05',
    percentOverQ30: 91.2,
    clustersPf: 1_200_000_000,
    lanes: [{ laneNumber: 1, percentOverQ30Read1: 93.1, percentOverQ30Read2: 89.4, clustersPf: 1_200_000_000 }],
    qcPassed: null,
    qcUser: null,
    qcDate: null,
    dataReviewPassed: null,
    dataReviewUser: null,
    dataReviewDate: null,
    ...fields,
  };
}

const runs: Record<string, RunInput> = {
  [MISEQ]: run(5459, MISEQ),
  [NOVASEQ]: run(5476, NOVASEQ, {
    completionDate: '2023-01-10',
    qcPassed: true,
    qcUser: 'qc.tech',
    qcDate: '2023-01-11',
  }),
  [DONE]: run(5400, DONE, {
    completionDate: '2022-12-23',
    qcPassed: true,
    qcUser: 'qc.tech',
    qcDate: '2022-12-24',
    dataReviewPassed: true,
    dataReviewUser: 'rev',
    dataReviewDate: '2022-12-27',
  }),
};

export function library(id: string, fields: Partial<SampleInput> = {}): SampleInput {
  return {
    id,
    name: `PROJ_${id.slice(-4)}_Ly_R_PE_500_WG`,
    requisitionId: 1,
    requisitionName: 'REQ-1',
    assayIds: [2],
    project: 'PROJ',
    tissueOrigin: 'Ly',
    tissueType: 'R',
    libraryDesignCode: 'WG',
    sequencingLane: '1',
    meanCoverageDeduplicated: 41.2,
    qcPassed: null,
    qcUser: null,
    qcDate: null,
    dataReviewPassed: null,
    dataReviewUser: null,
    dataReviewDate: null,
    // No per-metric pass flags: the ETL treats the library as analysed (docs/notifications-and-tickets.md#readiness).
    metrics: null,
    ...fields,
  };
}

const onRun = (runName: string, lib: SampleInput): SampleInput => ({ ...lib, run: runs[runName] });
const signedOff = { qcUser: 'qc.tech', qcPassed: true, qcDate: '2023-01-06' };
const reviewed = { ...signedOff, dataReviewPassed: true, dataReviewUser: 'rev', dataReviewDate: '2023-01-07' };

export function assay(id: number, name: string): AssayInput {
  return {
    id,
    name,
    description: null,
    version: '1.0',
    metricCategories: {
      LIBRARY_QUALIFICATION: [
        {
          name: 'WG MiSeq Sequencing',
          libraryDesignCode: 'WG',
          metrics: [{ name: 'Mean Insert Size', thresholdType: 'GE', minimum: 150, units: 'bp' }],
        },
      ],
      FULL_DEPTH_SEQUENCING: [
        {
          name: 'NovaSeq',
          metrics: [{ name: 'Mean Coverage Deduplicated', thresholdType: 'GE', minimum: '40', units: 'X' }],
        },
      ],
    },
  };
}

export function kase(id: string, tests: CaseInput['tests'], fields: Partial<CaseInput> = {}): CaseInput {
  return {
    id,
    assayId: 2,
    assayName: 'WGTS - 40XT/30XN',
    donor: { id: `SAM${id.length}`, name: `PROJ_${id.slice(-4)}`, externalName: 'ext' },
    startDate: '2022-12-01',
    projects: [{ name: 'PROJ', pipeline: 'Research', deliverables: { 'Data Release': ['Full Pipeline'] } }],
    receipts: [library(`SAM${id}`, { ...signedOff, run: null, sequencingLane: null })],
    tests: tests ?? [],
    requisition: { id: 1, name: 'REQ-1', assayIds: [2], stopped: false, paused: false },
    deliverables: [
      {
        deliverableCategory: 'Data Release',
        analysisReviewQcStatus: null,
        releases: [{ deliverable: 'Full Pipeline', qcStatus: null }],
      },
    ],
    timepoint: null,
    tissueOrigin: 'Ly',
    tissueType: 'R',
    latestActivityDate: '2023-01-11',
    ...fields,
  };
}

export const LQ_ID = '5459_1_LDI73620';
export const FD_SHARED_ID = '5476_1_LDI73620';
export const FD_OTHER_ID = '5476_1_LDI80001';
export const DONE_ID = '5400_2_LDI70000';

/** The document as Cardea would serve it (timestamp given). */
export function smallDocument(timestamp = '2023-01-12T10:00:00Z'): CaseDataInput {
  const lq = onRun(MISEQ, library(LQ_ID, reviewed));
  const done = onRun(DONE, library(DONE_ID, reviewed));
  const fdShared = onRun(NOVASEQ, library(FD_SHARED_ID));
  const fdOther = onRun(NOVASEQ, library(FD_OTHER_ID, { ...signedOff, libraryDesignCode: 'WT', assayIds: [2, 3] }));
  const neverSequenced = library('LDI99999', { run: null, sequencingLane: null });
  return {
    assaysById: { '2': assay(2, 'WGTS - 40XT/30XN'), '3': assay(3, 'WT 80M'), '4': assay(4, 'Unused') },
    cases: [
      kase('PROJ_1289_a2_Lv_M', [
        { name: 'Normal WG', libraryQualifications: [lq, neverSequenced], fullDepthSequencings: [fdShared] },
        // The same FD library listed under a second test of the same case.
        { name: 'Tumour WG', libraryQualifications: [], fullDepthSequencings: [fdShared, fdOther] },
      ]),
      kase('PROJ_1290_a2_Lv_M', [{ name: 'Normal WG', libraryQualifications: [], fullDepthSequencings: [fdShared] }], {
        requisition: { id: 2, name: 'REQ-2', stopped: true, stopReason: 'donor withdrew', paused: false },
      }),
      kase('PROJ_1291_a2_Lv_M', [{ name: 'Tumour WG', libraryQualifications: [], fullDepthSequencings: [done] }]),
    ],
    omittedSamples: [{ id: 'SAM1', name: 'x' }],
    omittedRunSamples: [
      {
        id: '5480_1_LDI1',
        name: 'OTHER_0001',
        project: 'OTHER',
        runId: 5480,
        runName: OMITTED_ONLY,
        sequencingLane: 1,
        sequencingType: 'FULL_DEPTH_SEQUENCING',
      },
      {
        id: '5476_2_LDI9',
        name: 'OTHER_0002',
        project: 'OTHER',
        runId: 5476,
        runName: NOVASEQ,
        sequencingLane: 2,
        sequencingType: 'FULL_DEPTH_SEQUENCING',
        qcPassed: true,
        qcUser: 'qc.tech',
        qcDate: '2023-01-11',
      },
    ],
    timestamp,
  };
}

const encoder = new TextEncoder();

/** A body that arrives in small pieces, the way a network stream does. */
export function streamOf(text: string, chunkSize = 97): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** A body that sends `text`, then fails like a dropped connection. */
export function brokenStream(text: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return controller.error(new TypeError('terminated'));
      sent = true;
      controller.enqueue(encoder.encode(text));
    },
  });
}
