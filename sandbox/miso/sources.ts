import type { CaseDataInput, RunInput, SampleInput } from '../../lib/cardea/schema';

/** Cardea's run-library id: `{runId}_{lane}_LDI{aliquotId}`. */
export const RUN_LIBRARY_ID = /^(\d+)_(\d+)_LDI(\d+)$/;

/** A run-library's QC and data review, as Cardea's Sample carries them (and the ETL writes them). */
export interface RunLibraryQcFields {
  qcPassed: boolean | null;
  /** The run-library status's description. */
  qcReason: string | null;
  qcNote: string | null;
  qcUser: string | null;
  qcDate: string | null;
  dataReviewPassed: boolean | null;
  dataReviewUser: string | null;
  dataReviewDate: string | null;
}

/** One run-library as Cardea knows it: from a case's LQ/FD tests, or an omitted run sample. */
export interface RunLibrarySource extends RunLibraryQcFields {
  cardeaId: string;
  runId: number;
  lane: number;
  aliquotId: number;
  name: string;
  project: string | null;
  donorName: string | null;
  requisitionId: number | null;
  tissueOrigin: string | null;
  tissueType: string | null;
  nucleicAcidType: string | null;
  libraryDesignCode: string | null;
  run: RunInput | null;
  runName: string;
}

/** Every run-library Sample object in the document, wherever it sits. */
export function* runLibrarySamples(caseData: CaseDataInput): Generator<SampleInput> {
  for (const kase of caseData.cases ?? []) {
    for (const test of kase.tests ?? []) {
      yield* test.libraryQualifications ?? [];
      yield* test.fullDepthSequencings ?? [];
    }
  }
}

function fromSample(sample: SampleInput): RunLibrarySource | undefined {
  const match = RUN_LIBRARY_ID.exec(sample.id);
  if (!match || !sample.run) return undefined;
  return {
    cardeaId: sample.id,
    runId: Number(match[1]),
    lane: Number(match[2]),
    aliquotId: Number(match[3]),
    name: sample.name,
    project: sample.project ?? null,
    donorName: sample.donor?.name ?? null,
    requisitionId: sample.requisitionId ?? null,
    tissueOrigin: sample.tissueOrigin ?? null,
    tissueType: sample.tissueType ?? null,
    nucleicAcidType: sample.nucleicAcidType ?? null,
    libraryDesignCode: sample.libraryDesignCode ?? null,
    run: sample.run,
    runName: sample.run.name,
    qcPassed: sample.qcPassed ?? null,
    qcReason: sample.qcReason ?? null,
    qcNote: sample.qcNote ?? null,
    qcUser: sample.qcUser ?? null,
    qcDate: sample.qcDate ?? null,
    dataReviewPassed: sample.dataReviewPassed ?? null,
    dataReviewUser: sample.dataReviewUser ?? null,
    dataReviewDate: sample.dataReviewDate ?? null,
  };
}

/** The run-libraries in `caseData`, deduplicated by Cardea id and sorted (run, lane, aliquot). */
export function collectSources(caseData: CaseDataInput): RunLibrarySource[] {
  const byId = new Map<string, RunLibrarySource>();
  for (const sample of runLibrarySamples(caseData)) {
    const source = fromSample(sample);
    if (source && !byId.has(source.cardeaId)) byId.set(source.cardeaId, source);
  }
  for (const omitted of caseData.omittedRunSamples ?? []) {
    const match = RUN_LIBRARY_ID.exec(omitted.id);
    if (!match || byId.has(omitted.id)) continue;
    byId.set(omitted.id, {
      cardeaId: omitted.id,
      runId: Number(match[1]),
      lane: Number(match[2]),
      aliquotId: Number(match[3]),
      name: omitted.name,
      project: omitted.project ?? null,
      donorName: null,
      requisitionId: null,
      tissueOrigin: null,
      tissueType: null,
      nucleicAcidType: null,
      libraryDesignCode: null,
      run: null,
      runName: omitted.runName,
      qcPassed: omitted.qcPassed ?? null,
      qcReason: omitted.qcReason ?? null,
      qcNote: null,
      qcUser: omitted.qcUser ?? null,
      qcDate: omitted.qcDate ?? null,
      dataReviewPassed: omitted.dataReviewPassed ?? null,
      dataReviewUser: omitted.dataReviewUser ?? null,
      dataReviewDate: omitted.dataReviewDate ?? null,
    });
  }
  return [...byId.values()]
    .filter((s) => s.lane >= 1)
    .sort(
      (a, b) =>
        a.runId - b.runId || a.lane - b.lane || a.aliquotId - b.aliquotId || a.cardeaId.localeCompare(b.cardeaId),
    );
}
