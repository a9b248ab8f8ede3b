import type { AssayDefinition, TestPlan } from './assays';
import type { CaseJson, ProjectJson, TestJson } from './cardea-json';
import type { SampleJson } from './sample-json';

/** A case's sign-off steps in order; a case has reached every step before its own. */
export const CASE_STAGES = ['analysisReview', 'releaseApproval', 'release', 'done'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export interface CaseState {
  json: CaseJson;
  assay: AssayDefinition;
  project: ProjectJson;
  tests: TestState[];
  stage: CaseStage;
  /** Days before the epoch of its earliest and latest run activity (null until it is sequenced). */
  earliestRunDay: number | null;
  latestRunDay: number | null;
}

export interface TestState {
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

export interface LibraryState {
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
