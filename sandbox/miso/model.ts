import type { QcEntityType } from '../../lib/miso/schema';
import type { Health, PlatformType } from './type-data';

// MISO's entities as the sandbox holds them. Everything is derived from the Cardea document
// (see derive.ts); QC state lives apart, in `QcRecord`s keyed by `qcKey`.

export interface QcRecord {
  /** Run-library status, detailed QC status or partition QC type; null = pending / not set. */
  qcStatusId: number | null;
  qcPassed: boolean | null;
  qcNote: string | null;
  /** Full names, as MISO's DTOs and Cardea show them. */
  qcUser: string | null;
  qcDate: string | null;
  dataReview: boolean | null;
  dataReviewer: string | null;
  dataReviewDate: string | null;
}

export const emptyQc = (): QcRecord => ({
  qcStatusId: null,
  qcPassed: null,
  qcNote: null,
  qcUser: null,
  qcDate: null,
  dataReview: null,
  dataReviewer: null,
  dataReviewDate: null,
});

export interface MisoSample {
  id: number;
  name: string;
  alias: string;
  /** The sample class alias, which is the QC node's typeLabel (e.g. `Tissue`). */
  sampleClass: string;
  parentId: number | null;
}

export interface MisoLibrary {
  id: number;
  name: string;
  alias: string;
  sampleId: number;
}

export interface MisoAliquot {
  id: number;
  name: string;
  alias: string;
  libraryId: number;
  project: string | null;
  requisitionId: number | null;
  tissueOrigin: string | null;
  tissueType: string | null;
  libraryDesignCode: string | null;
}

export interface MisoPool {
  id: number;
  name: string;
  alias: string;
  aliquotIds: number[];
}

export interface MisoPartition {
  id: number;
  number: number;
  poolId: number | null;
}

export interface MisoRunLibrary {
  runId: number;
  partitionId: number;
  partitionNumber: number;
  aliquotId: number;
  /** Cardea's run-library id, `{runId}_{lane}_LDI{aliquotId}`. */
  cardeaId: string;
}

export interface MisoRun {
  id: number;
  name: string;
  alias: string;
  platform: PlatformType;
  health: Health;
  instrumentId: number;
  instrumentName: string;
  instrumentModelId: number;
  instrumentModelAlias: string;
  containerId: number;
  containerBarcode: string;
  containerModel: string | null;
  sequencingParameters: string | null;
  readLength: number | null;
  readLength2: number | null;
  startDate: string | null;
  endDate: string | null;
  partitions: MisoPartition[];
  runLibraries: MisoRunLibrary[];
}

export interface MisoModel {
  runs: Map<number, MisoRun>;
  runsByAlias: Map<string, MisoRun>;
  samples: Map<number, MisoSample>;
  libraries: Map<number, MisoLibrary>;
  aliquots: Map<number, MisoAliquot>;
  pools: Map<number, MisoPool>;
  qc: Map<string, QcRecord>;
}

export function qcKey(entityType: QcEntityType, ids: readonly number[]): string {
  return `${entityType}:${ids.join(':')}`;
}

export const runLibraryKey = (rl: Pick<MisoRunLibrary, 'runId' | 'partitionId' | 'aliquotId'>): string =>
  qcKey('Run-Library', [rl.runId, rl.partitionId, rl.aliquotId]);
