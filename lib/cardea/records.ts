import { z } from 'zod';
import { runNotification, type RunNotification } from '../qc/notifications';
import { Case, type Assay, type OmittedRunSample, type Run, type Sample } from './schema';

// The index Bao keeps of a Cardea document: the records the ingest writes and the readers (overlay,
// popup, keeper) get back, and the pure functions that make them. No parsing here, so the content
// scripts and the popup do not carry the streaming parser.

export type Category = 'LQ' | 'FD';

/** A Sample as indexed: its `run` is the run's name; the full Run is stored once, in the run record. */
export type StoredSample = Omit<Sample, 'run'> & { run: string };

export interface RunRecord {
  runName: string;
  run: Run;
  /** Filled in by the notification pass, once every library of the run is known. */
  facts: RunFacts | null;
}

export interface RunFacts {
  lqCount: number;
  fdCount: number;
  /** Distinct `libraryDesignCode`s (the Dashi link and the QC-in-MISO grouping need them). */
  libraryDesigns: string[];
  assayIds: number[];
}

export interface RunLibraryRecord {
  runName: string;
  category: Category;
  sampleId: string;
  sample: StoredSample;
  caseIds: string[];
  testNames: string[];
}

/** A case without its receipts and tests: what the popup's case list and sign-off form need. */
export const CaseRecord = Case.pick({
  id: true,
  assayId: true,
  assayName: true,
  assayDescription: true,
  donor: true,
  startDate: true,
  projects: true,
  requisition: true,
  deliverables: true,
  timepoint: true,
  tissueOrigin: true,
  tissueType: true,
  latestActivityDate: true,
}).extend({
  /** docs/case-signoffs.md#deliverables "Dialog 1": some receipt-to-full-depth item or run still lacks a sign-off. */
  missingEarlierSignoffs: z.boolean(),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

/** A run's notification as indexed, with what the popup shows about the run itself. */
export interface NotificationRecord extends RunNotification {
  /** Worked out for a run with an open ticket (docs/notifications-and-tickets.md#desired-ticket-state), as the keeper last recorded its tickets. */
  withOpenTicket: boolean;
  completionDate: string | null;
  runQc: Pick<Run, 'qcPassed' | 'qcUser' | 'qcDate' | 'dataReviewPassed' | 'dataReviewUser' | 'dataReviewDate'>;
}

export interface IndexBatch {
  assays: Assay[];
  cases: CaseRecord[];
  runs: RunRecord[];
  runLibraries: RunLibraryRecord[];
  /** Run-libraries sequenced on a run but in no case (Dimsum's Omissions table), stored as Cardea sends them. */
  omitted: OmittedRunSample[];
}

export interface DocumentSummary {
  /** The document's own `timestamp` (Cardea's `/timestamp` when it was built). */
  timestamp: string | null;
  bytes: number;
  cases: number;
  assays: number;
  runs: number;
  runLibraries: number;
  omittedRunLibraries: number;
  notifications: number;
  runsRequiringAction: number;
}

/** Where the ingest writes. The IndexedDB writer lives in lib/db.ts; tests and the bench use in-memory ones. */
export interface IndexWriter {
  /** Writes one batch (one transaction). Run-libraries already written under the same key are merged. */
  write(batch: IndexBatch): Promise<void>;
  /** One run and its libraries as written so far, for the notification pass. */
  readRun(runName: string): Promise<{ run: Run; libraries: RunLibraryRecord[] } | undefined>;
  /** Stores the run facts and notifications computed after the stream ended. */
  finishRuns(runs: RunRecord[], notifications: NotificationRecord[]): Promise<void>;
  /** Makes this generation the one readers see. */
  commit(summary: DocumentSummary): Promise<void>;
  /** Drops whatever this generation wrote; the previous one stays current. */
  abort(): Promise<void>;
}

export function storedSample(sample: Sample, runName: string): StoredSample {
  return { ...sample, run: runName };
}

export function restoreSample(sample: StoredSample, run: Run): Sample {
  return { ...sample, run };
}

/** docs/case-signoffs.md#deliverables: any receipt-to-FD item without a QC user, or a run item without data review or run sign-offs. */
export function missingEarlierSignoffs(c: Case): boolean {
  const items = [
    ...c.receipts,
    ...c.tests.flatMap((t) => [
      ...t.extractions,
      ...t.libraryPreparations,
      ...t.libraryQualifications,
      ...t.fullDepthSequencings,
    ]),
  ];
  return items.some(
    (s) =>
      s.qcUser === null ||
      (s.run !== null && (s.dataReviewPassed === null || s.run.qcPassed === null || s.run.dataReviewPassed === null)),
  );
}

export function caseRecord(c: Case): CaseRecord {
  return {
    id: c.id,
    assayId: c.assayId,
    assayName: c.assayName,
    assayDescription: c.assayDescription,
    donor: c.donor,
    startDate: c.startDate,
    projects: c.projects,
    requisition: c.requisition,
    deliverables: c.deliverables,
    timepoint: c.timepoint,
    tissueOrigin: c.tissueOrigin,
    tissueType: c.tissueType,
    latestActivityDate: c.latestActivityDate,
    missingEarlierSignoffs: missingEarlierSignoffs(c),
  };
}

/** docs/qc-rules.md#which-run-libraries-appear-where: LQ items that have a run go to the run's LQ set; FD items (with a run) to its FD set. */
export function runLibrariesOf(c: Case): { record: RunLibraryRecord; run: Run }[] {
  const records: { record: RunLibraryRecord; run: Run }[] = [];
  const add = (category: Category, sample: Sample, testName: string) => {
    if (!sample.run) return;
    const record = {
      runName: sample.run.name,
      category,
      sampleId: sample.id,
      sample: storedSample(sample, sample.run.name),
      caseIds: [c.id],
      testNames: [testName],
    };
    records.push({ record, run: sample.run });
  };
  for (const test of c.tests) {
    for (const sample of test.libraryQualifications) add('LQ', sample, test.name);
    for (const sample of test.fullDepthSequencings) add('FD', sample, test.name);
  }
  return records;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/** The same run-library in several tests or cases is one record that lists them all (docs/qc-rules.md#which-run-libraries-appear-where). */
export function mergeRunLibrary(existing: RunLibraryRecord, next: RunLibraryRecord): RunLibraryRecord {
  return {
    ...existing,
    caseIds: union(existing.caseIds, next.caseIds),
    testNames: union(existing.testNames, next.testNames),
  };
}

export function runLibraryKey(r: Pick<RunLibraryRecord, 'runName' | 'category' | 'sampleId'>): string {
  return `${r.runName}\u0000${r.category}\u0000${r.sampleId}`;
}

export function runFacts(libraries: RunLibraryRecord[]): RunFacts {
  const designs = new Set<string>();
  const assayIds = new Set<number>();
  for (const { sample } of libraries) {
    if (sample.libraryDesignCode) designs.add(sample.libraryDesignCode);
    for (const id of sample.assayIds) assayIds.add(id);
  }
  return {
    lqCount: libraries.filter((l) => l.category === 'LQ').length,
    fdCount: libraries.filter((l) => l.category === 'FD').length,
    libraryDesigns: [...designs].sort(),
    assayIds: [...assayIds].sort((a, b) => a - b),
  };
}

/** A run's LQ and FD samples from its indexed run-libraries, each with the full run restored. */
export function samplesByCategory(
  libraries: readonly Pick<RunLibraryRecord, 'category' | 'sample'>[],
  run: Run,
): { lq: Sample[]; fd: Sample[] } {
  const of = (category: Category) =>
    libraries.filter((l) => l.category === category).map((l) => restoreSample(l.sample, run));
  return { lq: of('LQ'), fd: of('FD') };
}

export function notificationFor(
  run: Run,
  libraries: RunLibraryRecord[],
  hasOpenTicket: boolean,
): NotificationRecord | null {
  const n = runNotification({ run, ...samplesByCategory(libraries, run), hasOpenTicket });
  if (!n) return null;
  return {
    runName: run.name,
    withOpenTicket: hasOpenTicket,
    completionDate: run.completionDate,
    runQc: {
      qcPassed: run.qcPassed,
      qcUser: run.qcUser,
      qcDate: run.qcDate,
      dataReviewPassed: run.dataReviewPassed,
      dataReviewUser: run.dataReviewUser,
      dataReviewDate: run.dataReviewDate,
    },
    pendingAnalysis: n.pendingAnalysis,
    pendingQc: n.pendingQc,
    pendingDataReview: n.pendingDataReview,
    runState: n.runState,
    requiresAction: n.requiresAction,
    desiredState: n.desiredState,
  };
}
