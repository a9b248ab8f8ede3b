import type { MetricCategory } from '../../lib/cardea/schema';
import type { Donor, SampleJson } from './sample-json';

// The rest of Cardea's `/dimsum` shapes, complete and in Jackson's field order (nulls are emitted, like Cardea does).

export interface TestJson {
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

export type AnalysisReviewStatus = 'PASSED' | 'FAILED' | 'NOT_APPLICABLE';
export type ReleaseApprovalStatus = 'PASSED_PROCEED' | 'FAILED_PROCEED' | 'FAILED_STOP' | 'NOT_APPLICABLE';
export type ReleaseStatus = 'PASSED_RELEASE' | 'STAGED' | 'FAILED_RELEASE' | 'FAILED_STOP' | 'NOT_APPLICABLE';

export interface ReleaseJson {
  deliverable: string;
  qcStatus: ReleaseStatus | null;
  qcUser: string | null;
  qcDate: string | null;
  qcNote: string | null;
}

export interface DeliverableJson {
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

export interface ProjectJson {
  name: string;
  pipeline: string;
  deliverables: Record<string, string[]>;
}

export interface CaseJson {
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

export interface OmittedRunSampleJson {
  id: string;
  name: string;
  project: string;
  runId: number;
  runName: string;
  sequencingLane: number;
  /** Any of Cardea's metric categories; the generator writes the two a run page has tables for. */
  sequencingType: MetricCategory;
  qcPassed: boolean | null;
  qcReason: string | null;
  qcUser: string | null;
  qcDate: string | null;
  dataReviewPassed: boolean | null;
  dataReviewUser: string | null;
  dataReviewDate: string | null;
}
