import type { ThresholdType } from '../../lib/cardea/schema';

// A Cardea sample and what it embeds, complete and in Jackson's field order (nulls are emitted, like Cardea does).

export interface Donor {
  id: string;
  name: string;
  externalName: string;
}

export interface LaneJson {
  laneNumber: number;
  percentOverQ30Read1: number | null;
  percentOverQ30Read2: number | null;
  clustersPf: number | null;
  percentPfixRead1: number | null;
  percentPfixRead2: number | null;
}

export interface RunJson {
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

export interface LaneValueJson {
  laneNumber: number;
  laneValue: number | null;
  read1Value: number | null;
  read2Value: number | null;
}

export interface SampleMetricJson {
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

export interface SampleJson {
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
  /** Always a list (possibly empty): Cardea's sample model cannot hold a null one. */
  metrics: SampleMetricJson[];
}

export type NumericField = {
  [K in keyof SampleJson]: SampleJson[K] extends number | null ? (null extends SampleJson[K] ? K : never) : never;
}[keyof SampleJson];

export type QcFields = Pick<
  SampleJson,
  'qcPassed' | 'qcReason' | 'qcUser' | 'qcDate' | 'dataReviewPassed' | 'dataReviewUser' | 'dataReviewDate'
>;

export const blankSample = (id: string, name: string, project: string): SampleJson => ({
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
  metrics: [],
});
