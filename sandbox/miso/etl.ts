import type { CaseDataInput, RunInput } from '../../lib/cardea/schema';
import type { QcRecord } from './model';
import { runLibrarySamples, type RunLibraryQcFields } from './sources';

// What the ETL carries from MISO into Cardea's document: run-library QC onto every Sample with that
// run-library id, run QC onto every `run` object with that id (shared references or copies).

export type RunQcFields = Pick<
  RunInput,
  'qcPassed' | 'qcUser' | 'qcDate' | 'dataReviewPassed' | 'dataReviewUser' | 'dataReviewDate'
>;

export function runLibraryFields(qc: QcRecord, statusDescription: string | null): RunLibraryQcFields {
  return {
    qcPassed: qc.qcPassed,
    qcReason: statusDescription,
    qcNote: qc.qcNote,
    qcUser: qc.qcUser,
    qcDate: qc.qcDate,
    dataReviewPassed: qc.dataReview,
    dataReviewUser: qc.dataReviewer,
    dataReviewDate: qc.dataReviewDate,
  };
}

export function runFields(qc: QcRecord): RunQcFields {
  return {
    qcPassed: qc.qcPassed,
    qcUser: qc.qcUser,
    qcDate: qc.qcDate,
    dataReviewPassed: qc.dataReview,
    dataReviewUser: qc.dataReviewer,
    dataReviewDate: qc.dataReviewDate,
  };
}

/** Applies snapshots taken at write time to the document, in one pass. */
export function applyToCardea(
  caseData: CaseDataInput,
  runLibraries: ReadonlyMap<string, RunLibraryQcFields>,
  runs: ReadonlyMap<number, RunQcFields>,
): void {
  for (const sample of runLibrarySamples(caseData)) {
    const fields = runLibraries.get(sample.id);
    if (fields) Object.assign(sample, fields);
    const run = sample.run ? runs.get(sample.run.id) : undefined;
    if (run && sample.run) Object.assign(sample.run, run);
  }
  for (const omitted of caseData.omittedRunSamples ?? []) {
    const fields = runLibraries.get(omitted.id);
    if (!fields) continue;
    const { qcNote: _, ...withoutNote } = fields;
    Object.assign(omitted, withoutNote);
  }
}
