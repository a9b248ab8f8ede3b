import type { DetailedQcStatus, PartitionQcType, RunLibraryQcStatus } from '../../lib/miso/schema';

// MISO's configurable type data as a fresh install plus a typical lab has it (docs/qc-in-miso.md#run-library-qc-statuses,
// docs/qc-in-miso.md#reading-misos-run-page). Written by hand; the sandbox serves it through `/constants.js`.

export const DEFAULT_RUN_LIBRARY_QC_STATUSES: RunLibraryQcStatus[] = [
  { id: 1, description: 'Passed', qcPassed: true },
  { id: 2, description: 'Failed', qcPassed: false },
  { id: 3, description: 'Top-up Required', qcPassed: null },
];

export const DETAILED_QC_STATUSES: DetailedQcStatus[] = [
  { id: 1, status: true, description: 'Ready', noteRequired: false, archived: false },
  { id: 2, status: true, description: 'OKd by Collaborator', noteRequired: true, archived: false },
  { id: 3, status: false, description: 'Failed: QC', noteRequired: false, archived: false },
  { id: 4, status: false, description: 'Failed: Diagnosis', noteRequired: false, archived: false },
  { id: 5, status: false, description: 'Failed: Other', noteRequired: true, archived: false },
  { id: 6, status: null, description: 'Waiting: Receive Tissue', noteRequired: false, archived: false },
  { id: 7, status: null, description: 'Reference Required', noteRequired: false, archived: false },
];

function partitionType(
  id: number,
  description: string,
  orderFulfilled: boolean,
  analysisSkipped: boolean,
  noteRequired = false,
): PartitionQcType {
  const order = orderFulfilled ? 'order fulfilled' : 'order not fulfilled';
  const pipeline = analysisSkipped ? 'pipeline skipped' : 'pipeline to proceed';
  return {
    id,
    description,
    noteRequired,
    orderFulfilled,
    analysisSkipped,
    detailedLabel: `${description} (${order}, ${pipeline})`,
  };
}

export const PARTITION_QC_TYPES: PartitionQcType[] = [
  partitionType(1, 'OK', true, false),
  partitionType(2, "OK'd by collaborator", true, false),
  partitionType(3, 'Failed: Instrument problem', false, true),
  partitionType(4, 'Failed: Library preparation problem', false, true),
  partitionType(5, 'Failed: Analysis problem', true, true),
  partitionType(6, 'Failed: Other problem', false, true, true),
];

export const HEALTH_TYPES = [
  { label: 'Unknown', allowedFromSequencer: true, isDone: false },
  { label: 'Completed', allowedFromSequencer: true, isDone: true },
  { label: 'Failed', allowedFromSequencer: true, isDone: true },
  { label: 'Started', allowedFromSequencer: true, isDone: false },
  { label: 'Stopped', allowedFromSequencer: true, isDone: true },
  { label: 'Running', allowedFromSequencer: true, isDone: false },
] as const;
export type Health = (typeof HEALTH_TYPES)[number]['label'];

export interface PlatformType {
  name: 'ILLUMINA' | 'PACBIO' | 'OXFORDNANOPORE';
  key: string;
  /** RunDto's `type` discriminator. */
  dtoType: 'Illumina' | 'PacBio' | 'OxfordNanopore';
  containerName: string;
  partitionName: string;
  pluralPartitionName: string;
}

export const PLATFORM_TYPES: PlatformType[] = [
  {
    name: 'ILLUMINA',
    key: 'Illumina',
    dtoType: 'Illumina',
    containerName: 'Flow Cell',
    partitionName: 'Lane',
    pluralPartitionName: 'Lanes',
  },
  {
    name: 'PACBIO',
    key: 'PacBio',
    dtoType: 'PacBio',
    containerName: 'SMRT Cell',
    partitionName: 'SMRT Cell Contents',
    pluralPartitionName: 'SMRT Cell Contents',
  },
  {
    name: 'OXFORDNANOPORE',
    key: 'Oxford Nanopore',
    dtoType: 'OxfordNanopore',
    containerName: 'Flow Cell',
    partitionName: 'Flow Cell',
    pluralPartitionName: 'Flow Cells',
  },
];

export const THRESHOLD_TYPES = [
  { value: 'GT', label: '>' },
  { value: 'GE', label: '>=' },
  { value: 'LT', label: '<' },
  { value: 'LE', label: '<=' },
  { value: 'BETWEEN', label: 'between' },
  { value: 'BOOLEAN', label: 'boolean' },
];

export const RUN_PURPOSES = [
  { id: 1, alias: 'Production' },
  { id: 2, alias: 'QC' },
];

/** `Constants` as `/constants.js` serves it. */
export function constantsObject(runLibraryQcStatuses: RunLibraryQcStatus[]): Record<string, unknown> {
  return {
    isDetailedSample: true,
    runLibraryQcStatuses,
    detailedQcStatuses: DETAILED_QC_STATUSES,
    partitionQcTypes: PARTITION_QC_TYPES,
    healthTypes: HEALTH_TYPES,
    platformTypes: PLATFORM_TYPES.map(({ dtoType: _, ...p }) => ({
      ...p,
      active: true,
      containerLevelParameters: p.name === 'PACBIO',
    })),
    thresholdTypes: THRESHOLD_TYPES,
    runPurposes: RUN_PURPOSES,
  };
}
