import type { QcNodeDto, RunDto, RunLibraryQcStatus } from '../../lib/miso/schema';
import type { World } from '../world';
import { deriveModel } from './derive';
import { containerDtos, libraryAliquotDto, partitionDtos, qcNodes, runAliquotDtos, runDto } from './dtos';
import { applyToCardea, runFields, runLibraryFields, type RunQcFields } from './etl';
import { qcKey, runLibraryKey, type MisoModel, type MisoRun, type MisoRunLibrary } from './model';
import { QcTransaction } from './qc-writes';
import { updateRun } from './run-update';
import { DEFAULT_USERS, isRunReviewer, SessionStore, type MisoUser } from './sessions';
import type { RunLibraryQcFields } from './sources';
import { constantsObject, DEFAULT_RUN_LIBRARY_QC_STATUSES } from './type-data';

export interface MisoOptions {
  /** Idle time after which a session expires (Tomcat's session timeout; MISO uses 60 min). */
  sessionTtlMs: number;
  /** `Constants.runLibraryQcStatuses`; configurable in MISO, so Bao must not hard-code them. */
  runLibraryQcStatuses: RunLibraryQcStatus[];
  /** Share of tissues, stocks, libraries and aliquots that start out failed. 0 in focused tests. */
  ancestorFailureRate: number;
}

export const DEFAULT_MISO_OPTIONS: MisoOptions = {
  sessionTtlMs: 60 * 60 * 1000,
  runLibraryQcStatuses: DEFAULT_RUN_LIBRARY_QC_STATUSES,
  ancestorFailureRate: 0.04,
};

export interface ChangeLogEntry {
  summary: string;
  userName: string;
  time: string;
}

/** Today as MISO stamps QC dates: the server's local date, `YYYY-MM-DD`. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * MISO's state: the entities derived from `world.caseData`, their QC, users and sessions. Writes
 * follow MISO's server rules and reach Cardea's document through `world.scheduleEtl`.
 */
export class MisoState {
  readonly options: MisoOptions;
  readonly model: MisoModel;
  readonly users: MisoUser[] = DEFAULT_USERS.map((u) => ({ ...u }));
  baseUrl = '';
  /** The run-library ids of every Run-Library Metrics page MISO rendered, in order: what reached a user. */
  readonly metricsPagesShown: string[][] = [];
  private readonly sessions: SessionStore;
  private readonly changeLogs = new Map<number, ChangeLogEntry[]>();

  constructor(
    private readonly world: World,
    options: Partial<MisoOptions> = {},
  ) {
    this.options = { ...DEFAULT_MISO_OPTIONS, ...options };
    this.model = deriveModel(world.caseData, this.options);
    this.sessions = new SessionStore(() => this.options.sessionTtlMs);
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  // ---- users and sessions ----

  user(username: string): MisoUser | undefined {
    return this.users.find((u) => u.username === username);
  }

  authenticate(username: string, password: string): MisoUser | undefined {
    const user = this.user(username);
    return user && user.password === password ? user : undefined;
  }

  isRunReviewer(username: string): boolean {
    const user = this.user(username);
    return user ? isRunReviewer(user) : false;
  }

  /** Starts a session for a known user and returns the JSESSIONID value. */
  createSession(username: string): string {
    if (!this.user(username)) throw new Error(`No MISO user ${username}`);
    return this.sessions.create(username);
  }

  /** The session's user (touching the session), or undefined when it is unknown or expired. */
  sessionUser(sessionId: string | undefined): MisoUser | undefined {
    const username = this.sessions.touch(sessionId);
    return username === undefined ? undefined : this.user(username);
  }

  endSession(sessionId: string | undefined): void {
    this.sessions.end(sessionId);
  }

  /** Every session ends at once, as after a MISO restart or an idle timeout. */
  expireSessions(): void {
    this.sessions.clear();
  }

  // ---- reads ----

  constants(): Record<string, unknown> {
    return constantsObject(this.options.runLibraryQcStatuses);
  }

  run(id: number): MisoRun | undefined {
    return this.model.runs.get(id);
  }

  runByAlias(alias: string): MisoRun | undefined {
    return this.model.runsByAlias.get(alias);
  }

  /** Resolves (run id, lane number, aliquot id) as the metrics page does. */
  findRunLibrary(runId: number, partitionNumber: number, aliquotId: number): MisoRunLibrary | undefined {
    return this.run(runId)?.runLibraries.find(
      (rl) => rl.partitionNumber === partitionNumber && rl.aliquotId === aliquotId,
    );
  }

  runDto(run: MisoRun) {
    return runDto(this.model, run);
  }

  containerDtos(run: MisoRun) {
    return containerDtos(run);
  }

  partitionDtos(run: MisoRun) {
    return partitionDtos(this.model, run);
  }

  runAliquotDtos(run: MisoRun) {
    return runAliquotDtos(this.model, run);
  }

  libraryAliquotDto(aliquotId: number) {
    return libraryAliquotDto(this.model, aliquotId);
  }

  qcNodes(runLibrary: MisoRunLibrary): QcNodeDto[] {
    const run = this.run(runLibrary.runId);
    if (!run) throw new Error(`No run ${runLibrary.runId}`);
    return qcNodes(this.model, run, runLibrary);
  }

  changeLog(runId: number): ChangeLogEntry[] {
    return this.changeLogs.get(runId) ?? [];
  }

  // ---- writes ----

  /** `PUT /rest/qcstatuses`: one node. Throws MisoError. */
  applyQcNode(node: QcNodeDto, username: string): void {
    this.applyQcNodes([node], username);
  }

  /** `PUT /rest/qcstatuses/bulk`: all nodes in order, or none of them. Throws MisoError. */
  applyQcNodes(nodes: QcNodeDto[], username: string): void {
    const transaction = new QcTransaction(
      this.model,
      this.options.runLibraryQcStatuses,
      this.requireUser(username),
      today(),
    );
    for (const node of nodes) transaction.apply(node);
    transaction.commit();
    this.record(transaction.changes, username);
    this.scheduleEtl([...transaction.touchedRunLibraries.values()], [...transaction.touchedRuns]);
  }

  /** `PUT /rest/runs/{id}` with DefaultRunService's rules for QC and data review. Throws MisoError. */
  updateRun(runId: number, dto: RunDto, username: string): RunDto {
    const result = updateRun(this.model, runId, dto, this.requireUser(username), today());
    this.record(result.changes, username);
    if (result.changes.length > 0) this.scheduleEtl([], [runId]);
    return this.runDto(result.run);
  }

  private requireUser(username: string): MisoUser {
    const user = this.user(username);
    if (!user) throw new Error(`No MISO user ${username}`);
    return user;
  }

  private record(changes: { runId: number; summary: string }[], username: string): void {
    const userName = this.user(username)?.fullName ?? username;
    const time = new Date().toISOString();
    for (const change of changes) {
      const log = this.changeLogs.get(change.runId) ?? [];
      log.unshift({ summary: change.summary, userName, time });
      this.changeLogs.set(change.runId, log);
    }
  }

  /** Snapshots the QC now; the ETL lands it in Cardea's document after its delay. */
  private scheduleEtl(runLibraries: MisoRunLibrary[], runIds: number[]): void {
    if (runLibraries.length === 0 && runIds.length === 0) return;
    const statuses = this.options.runLibraryQcStatuses;
    const libraryFields = new Map<string, RunLibraryQcFields>();
    for (const rl of runLibraries) {
      const qc = this.model.qc.get(runLibraryKey(rl));
      if (!qc) continue;
      const description = statuses.find((s) => s.id === qc.qcStatusId)?.description ?? null;
      libraryFields.set(rl.cardeaId, runLibraryFields(qc, description));
    }
    const runQc = new Map<number, RunQcFields>();
    for (const runId of runIds) {
      const qc = this.model.qc.get(qcKey('Run', [runId]));
      if (qc) runQc.set(runId, runFields(qc));
    }
    this.world.scheduleEtl((caseData) => applyToCardea(caseData, libraryFields, runQc));
  }
}
