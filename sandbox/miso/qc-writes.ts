import type { QcNodeDto, RunLibraryQcStatus } from '../../lib/miso/schema';
import { notFound, validationError } from './errors';
import { qcKey, type MisoModel, type MisoRun, type MisoRunLibrary, type QcRecord } from './model';
import type { MisoUser } from './sessions';
import { DETAILED_QC_STATUSES, PARTITION_QC_TYPES } from './type-data';

// `PUT /rest/qcstatuses[/bulk]` with DefaultQcStatusService's semantics (docs/qc-in-miso.md#qc-status-writes). Updates are
// staged and only land on `commit()`, so a bulk request is all-or-nothing.

/** Refused by the run save service (`PUT /rest/runs/{id}`); `/rest/qcstatuses` clears instead. */
export const DATA_REVIEW_BEFORE_STATUS = 'Cannot set data review before QC status';

export interface ChangeEntry {
  runId: number;
  summary: string;
}

const passLabel = (v: boolean | null) => (v === null ? 'Pending' : v ? 'Pass' : 'Fail');
const readyLabel = (v: boolean | null) => (v === null ? 'Not Ready' : v ? 'Ready' : 'Failed');
const text = (v: string | number | null) => (v === null ? '(none)' : String(v));

export class QcTransaction {
  private staged = new Map<string, QcRecord>();
  readonly changes: ChangeEntry[] = [];
  /** Keys (qcKey) of run-libraries and ids of runs whose Cardea-visible QC changed. */
  readonly touchedRunLibraries = new Map<string, MisoRunLibrary>();
  readonly touchedRuns = new Set<number>();

  constructor(
    private readonly model: MisoModel,
    private readonly statuses: RunLibraryQcStatus[],
    private readonly user: MisoUser,
    private readonly today: string,
  ) {}

  apply(node: QcNodeDto): void {
    switch (node.entityType) {
      case 'Sample':
      case 'Library':
      case 'Library Aliquot':
        return this.applyDetailed(node);
      case 'Pool':
        this.update(qcKey('Pool', [this.poolId(node)]), (qc) => ({ ...qc, qcPassed: node.qcPassed }));
        return;
      case 'Run':
        return this.applyRun(node);
      case 'Run-Partition':
        return this.applyPartition(node);
      case 'Run-Library':
        return this.applyRunLibrary(node);
    }
  }

  commit(): void {
    for (const [key, record] of this.staged) this.model.qc.set(key, record);
  }

  private read(key: string): QcRecord {
    const record = this.staged.get(key) ?? this.model.qc.get(key);
    if (!record) throw notFound(`No QC record for ${key}`);
    return record;
  }

  private update(key: string, change: (qc: QcRecord) => QcRecord): QcRecord {
    const before = this.read(key);
    const after = change(before);
    this.staged.set(key, after);
    return before;
  }

  private stampQc(qc: QcRecord): QcRecord {
    return { ...qc, qcUser: this.user.fullName, qcDate: this.today };
  }

  /**
   * The data review half of docs/qc-in-miso.md#qc-status-writes, shared by Run and Run-Library nodes. A run re-stamps the reviewer
   * even when the value did not change; a run-library only when it changed. A data review sent
   * without a QC status is cleared without a word: this path does not refuse it, unlike the run
   * and run-library save services.
   */
  private review(
    before: QcRecord,
    after: QcRecord,
    statusChanged: boolean,
    dataReview: boolean | null,
    restamp: boolean,
  ): QcRecord {
    const cleared = { ...after, dataReview: null, dataReviewer: null, dataReviewDate: null };
    if (statusChanged || dataReview === null) return cleared;
    if (dataReview === before.dataReview && !restamp) return after;
    return { ...after, dataReview, dataReviewer: this.user.fullName, dataReviewDate: this.today };
  }

  private applyDetailed(node: QcNodeDto): void {
    const entities = {
      Sample: this.model.samples,
      Library: this.model.libraries,
      'Library Aliquot': this.model.aliquots,
    };
    const type = node.entityType as keyof typeof entities;
    if (node.id === null || !entities[type].has(node.id)) throw notFound(`${type} not found`);
    const status = node.qcStatusId === null ? null : DETAILED_QC_STATUSES.find((s) => s.id === node.qcStatusId);
    if (status === undefined) throw validationError('qcStatusId', 'Invalid QC status');
    this.update(qcKey(type, [node.id]), (qc) => {
      const next = { ...qc, qcNote: node.qcNote };
      if (!status) return { ...next, qcStatusId: null, qcPassed: null, qcUser: null, qcDate: null };
      if (status.id === qc.qcStatusId) return next;
      return this.stampQc({ ...next, qcStatusId: status.id, qcPassed: status.status });
    });
  }

  private poolId(node: QcNodeDto): number {
    if (node.id === null || !this.model.pools.has(node.id)) throw notFound('Pool not found');
    return node.id;
  }

  private run(runId: number | null | undefined, what: string): MisoRun {
    const run = runId === null || runId === undefined ? undefined : this.model.runs.get(runId);
    if (!run) throw notFound(`${what} not found`);
    return run;
  }

  private applyRun(node: QcNodeDto): void {
    const run = this.run(node.id, 'Run');
    const before = this.update(qcKey('Run', [run.id]), (qc) => {
      const changed = node.qcPassed !== qc.qcPassed;
      let next: QcRecord = { ...qc, qcPassed: node.qcPassed };
      if (node.qcPassed === null) next = { ...next, qcUser: null, qcDate: null };
      else if (changed) next = this.stampQc(next);
      return this.review(qc, next, changed || node.qcPassed === null, node.dataReview, true);
    });
    const after = this.read(qcKey('Run', [run.id]));
    const parts = [
      before.qcPassed !== after.qcPassed && `QC: ${readyLabel(before.qcPassed)} → ${readyLabel(after.qcPassed)}`,
      before.dataReview !== after.dataReview &&
        `data review: ${passLabel(before.dataReview)} → ${passLabel(after.dataReview)}`,
    ].filter((p): p is string => typeof p === 'string');
    const restamped = before.dataReviewer !== after.dataReviewer || before.dataReviewDate !== after.dataReviewDate;
    if (parts.length === 0 && restamped) parts.push(`data review ${passLabel(after.dataReview)} confirmed`);
    if (parts.length > 0) {
      this.changes.push({ runId: run.id, summary: parts.join('; ') });
      this.touchedRuns.add(run.id);
    }
  }

  private applyPartition(node: QcNodeDto): void {
    const [runId, partitionId] = node.ids ?? [];
    const run = this.run(runId, 'Run-partition');
    const partition = run.partitions.find((p) => p.id === partitionId);
    if (!partition) throw notFound('Run-partition not found');
    const type = node.qcStatusId === null ? null : PARTITION_QC_TYPES.find((t) => t.id === node.qcStatusId);
    if (type === undefined) throw validationError('qcStatusId', 'Invalid partition QC type');
    const key = qcKey('Run-Partition', [run.id, partition.id]);
    const before = this.update(key, (qc) => ({ ...qc, qcStatusId: type?.id ?? null, qcNote: node.qcNote }));
    const typeName = (id: number | null) => PARTITION_QC_TYPES.find((t) => t.id === id)?.description ?? '(Unset)';
    const parts = [
      before.qcStatusId !== (type?.id ?? null) &&
        `QC type: ${typeName(before.qcStatusId)} → ${typeName(type?.id ?? null)}`,
      before.qcNote !== node.qcNote && `QC note: ${text(before.qcNote)} → ${text(node.qcNote)}`,
    ].filter((p): p is string => typeof p === 'string');
    if (parts.length > 0)
      this.changes.push({ runId: run.id, summary: `${run.containerBarcode} ${partition.number}: ${parts.join('; ')}` });
  }

  private applyRunLibrary(node: QcNodeDto): void {
    const [runId, partitionId, aliquotId] = node.ids ?? [];
    const run = this.run(runId, 'Run-library');
    const runLibrary = run.runLibraries.find((rl) => rl.partitionId === partitionId && rl.aliquotId === aliquotId);
    if (!runLibrary) throw notFound('Run-library not found');
    const status = node.qcStatusId === null ? null : this.statuses.find((s) => s.id === node.qcStatusId);
    if (status === undefined) throw validationError('qcStatusId', 'Invalid run-library QC status');
    const key = qcKey('Run-Library', [run.id, runLibrary.partitionId, runLibrary.aliquotId]);
    const before = this.update(key, (qc) => {
      const changed = (status?.id ?? null) !== qc.qcStatusId;
      let next: QcRecord = { ...qc, qcNote: node.qcNote };
      if (!status) next = { ...next, qcStatusId: null, qcPassed: null, qcUser: null, qcDate: null };
      else if (changed) next = this.stampQc({ ...next, qcStatusId: status.id, qcPassed: status.qcPassed });
      return this.review(qc, next, changed || !status, node.dataReview, false);
    });
    const after = this.read(key);
    const statusName = (id: number | null) =>
      id === null ? 'Pending' : (this.statuses.find((s) => s.id === id)?.description ?? String(id));
    const parts = [
      before.qcStatusId !== after.qcStatusId &&
        `QC status: ${statusName(before.qcStatusId)} → ${statusName(after.qcStatusId)}`,
      before.qcNote !== after.qcNote && `QC note: ${text(before.qcNote)} → ${text(after.qcNote)}`,
      before.qcDate !== after.qcDate && `QC date: ${text(before.qcDate)} → ${text(after.qcDate)}`,
      before.dataReview !== after.dataReview &&
        `data review: ${passLabel(before.dataReview)} → ${passLabel(after.dataReview)}`,
      before.dataReviewDate !== after.dataReviewDate &&
        `review date: ${text(before.dataReviewDate)} → ${text(after.dataReviewDate)}`,
    ].filter((p): p is string => typeof p === 'string');
    if (parts.length === 0) return;
    const alias = this.model.aliquots.get(runLibrary.aliquotId)?.alias ?? `LDI${runLibrary.aliquotId}`;
    this.changes.push({
      runId: run.id,
      summary: `${run.containerBarcode} ${runLibrary.partitionNumber} ${alias}: ${parts.join('; ')}`,
    });
    this.touchedRunLibraries.set(key, runLibrary);
  }
}
