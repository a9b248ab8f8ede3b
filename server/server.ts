import path from 'node:path';
import { forEachLimited } from '../lib/for-each-limited';
import { ingestDimsum } from '../lib/cardea/ingest';
import { readCardeaTimestamp } from '../lib/cardea/timestamp';
import { createJiraClient } from '../lib/jira/client';
import { DEFAULT_RESOLUTIONS } from '../lib/keeper/engine';
import { DEFAULT_TRANSITIONS, syncTickets, type NotificationSource } from '../lib/keeper/sync';
import { describeFailure, FetchError, internalFailure, type Failure } from '../lib/net/failure';
import { request } from '../lib/net/fetch-json';
import { canonicalJson, snapshotIndexOf, withTickets } from '../lib/snapshot/build';
import type { SnapshotIndex, SnapshotTicket, SnapshotTrendWarning } from '../lib/snapshot/schema';
import { trendFileOf } from '../lib/snapshot/trends';
import { TREND_DEFAULTS } from '../lib/trends/schema';
import { FileKeeperStore } from '../scripts/keeper/file-store';
import type { BaoServer, BaoServerConfig } from './api';
import { Publisher, type Generation } from './publish';
import { SpoolIndex, type BothNotifications } from './spool-index';
import { startStaticServer, type StaticServer } from './static';

// bao-server: polls Cardea's `/timestamp`; once per change it streams `/dimsum` through the same ingest
// as the extension into a published snapshot, runs the ticket keeper on that same ingest, and (when given
// a port) serves the snapshot. Cardea failing never removes a snapshot: the last good one stays published
// and its index.json says why it is old.

const DOCUMENT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_POLL_SECONDS = 60;
const DEFAULT_PRUNE_AFTER_SECONDS = 600;

export type { BaoServer, BaoServerConfig } from './api';

interface Published {
  index: SnapshotIndex;
  /** Every run's notification both ways, for the keeper; only for a snapshot this process built. */
  both: Map<string, BothNotifications> | undefined;
}

interface Keeper {
  store: FileKeeperStore;
  sync(source: NotificationSource): ReturnType<typeof syncTickets>;
}

const stamp = () => new Date().toISOString();

async function openKeeper(config: BaoServerConfig, log: (line: string) => void): Promise<Keeper | undefined> {
  const { jira } = config;
  if (!jira) return undefined;
  if (!config.misoUrl) throw new Error('misoUrl is required when jira is configured (the tickets link to MISO)');
  const token = jira.token ?? (jira.tokenEnv ? process.env[jira.tokenEnv]?.trim() : undefined);
  if (!token)
    throw new Error(jira.tokenEnv ? `the environment variable ${jira.tokenEnv} is not set` : 'jira.token is required');
  const store = await FileKeeperStore.open(config.stateFile ?? path.join(config.publishDir, 'keeper-state.json'));
  const client = createJiraClient({
    baseUrl: jira.url,
    flavour: jira.flavour,
    project: jira.project,
    label: jira.label ?? 'dimsum-notification',
    token,
    email: jira.email,
    onRetry: (n) => log(`Jira asked to slow down; retry ${n.attempt} in ${Math.ceil(n.delayMs / 1000)} s`),
  });
  const rules = {
    summarySuffix: jira.summarySuffix ?? ' Dimsum Run QC',
    misoUrl: config.misoUrl,
    resolutions: jira.resolutions ?? DEFAULT_RESOLUTIONS,
  };
  const transitions = jira.transitions ?? DEFAULT_TRANSITIONS;
  return { store, sync: (source) => syncTickets({ client, source, store, rules, transitions, log }) };
}

function ticketsOf(keeper: Keeper | undefined): Map<string, SnapshotTicket> {
  const tickets = new Map<string, SnapshotTicket>();
  for (const [runName, record] of keeper?.store.runs ?? []) {
    if (record.issueKey !== null || record.issueState !== null)
      tickets.set(runName, { issueKey: record.issueKey, issueState: record.issueState });
  }
  return tickets;
}

/** Case files in flight at once: compression is synchronous, so this only overlaps their file writes and links. */
const CASE_WRITES_IN_FLIGHT = 4;

/** Writes every bucket's case file from the spool; an unchanged bucket is linked from the previous generation. */
async function writeCaseFiles(generation: Generation, spool: SpoolIndex): Promise<SnapshotIndex['caseFiles']> {
  const { count, read } = spool.caseBuckets();
  const buckets = Array.from({ length: count }, (_, bucket) => bucket);
  const entries: SnapshotIndex['caseFiles'] = new Array(count);
  await forEachLimited(buckets, CASE_WRITES_IN_FLIGHT, async (bucket) => {
    const { json, cases } = read(bucket);
    entries[bucket] = { file: await generation.writeCases(bucket, json), count: cases };
  });
  return entries;
}

/**
 * Writes every assay's trend file from the points the spool kept, and works out each run's trend warnings from
 * them (with the default series length and minimum history, which index.json names).
 */
async function writeTrendFiles(
  generation: Generation,
  spool: SpoolIndex,
): Promise<{ trends: SnapshotIndex['trends']; warnings: Map<string, SnapshotTrendWarning[]> }> {
  const options = { runs: TREND_DEFAULTS.runs, minHistory: TREND_DEFAULTS.minHistory };
  const assaysById = Object.fromEntries([...spool.assays].map(([id, assay]) => [String(id), assay]));
  const entries: SnapshotIndex['trends']['files'] = [];
  const warnings = new Map<string, SnapshotTrendWarning[]>();
  // One assay at a time: its runs read back from the spool, its file written, its warnings kept.
  for (const assayId of [...spool.trendAssays].sort((a, b) => a - b)) {
    const { file, warnings: found } = trendFileOf(assayId, spool.trendRuns(assayId), assaysById, options);
    for (const [runName, list] of found) warnings.set(runName, [...(warnings.get(runName) ?? []), ...list]);
    const name = await generation.writeTrend(assayId, canonicalJson(file));
    entries.push({ assayId, assayName: spool.assays.get(assayId)?.name ?? `Assay ${assayId}`, file: name });
  }
  return { trends: { options, files: entries }, warnings };
}

export async function startBaoServer(config: BaoServerConfig): Promise<BaoServer> {
  const log = config.log ?? ((line: string) => console.log(`${stamp()} ${line}`));
  const cardeaUrl = config.cardeaUrl.replace(/\/+$/, '');
  const publisher = new Publisher(config.publishDir);
  const keeper = await openKeeper(config, log);
  const pruneAfterMs = (config.pruneAfterSeconds ?? DEFAULT_PRUNE_AFTER_SECONDS) * 1000;
  const controller = new AbortController();
  const { signal } = controller;

  const recovered = await publisher.recover();
  let published: Published | undefined = recovered ? { index: recovered, both: undefined } : undefined;
  if (recovered)
    log(`serving the snapshot of ${recovered.cardea.timestamp ?? 'unknown'} (generation ${recovered.generation})`);

  let staticServer: StaticServer | undefined;
  if (config.port !== undefined) {
    staticServer = await startStaticServer({ root: publisher.currentLink, host: config.host, port: config.port });
    log(`serving ${publisher.currentLink} at ${staticServer.url}`);
  }

  async function rewrite(index: SnapshotIndex): Promise<void> {
    if (!published || canonicalJson(index) === canonicalJson(published.index)) return;
    await publisher.rewriteIndex(index);
    published = { ...published, index };
  }

  async function cardeaFailed(error: unknown): Promise<void> {
    const failure: Failure = internalFailure(error, 'Bao server');
    log(`${describeFailure(failure)}${published ? ' The last good snapshot stays published.' : ''}`);
    if (published) await rewrite({ ...published.index, cardea: { ...published.index.cardea, failure } });
  }

  async function syncKeeper(timestamp: string): Promise<void> {
    if (!keeper || !published?.both) return;
    const both = published.both;
    const status = await keeper.sync({
      documentTimestamp: timestamp,
      readyNotifications: async () => [...both.values()].flatMap((b) => (b.withoutTicket ? [b.withoutTicket] : [])),
      openTicketNotification: async (runName) => both.get(runName)?.withOpenTicket,
    });
    const counts =
      Object.entries(status.counts)
        .map(([outcome, n]) => `${n} ${outcome}`)
        .join(', ') || 'no runs';
    if (status.state === 'ok') {
      await keeper.store.setCardeaTimestamp(timestamp);
      log(`ticket sync done: ${counts}`);
    } else {
      log(
        `ticket sync failed: ${status.failure ? describeFailure(status.failure) : 'unknown'} (${counts}); it runs again on the next poll`,
      );
    }
    const pick = (runName: string, open: boolean) => {
      const b = both.get(runName);
      return b ? (open ? b.withOpenTicket : b.withoutTicket) : undefined;
    };
    await rewrite(
      withTickets(published.index, ticketsOf(keeper), pick, { lastSyncAt: status.finishedAt, failure: status.failure }),
    );
  }

  async function publish(timestamp: string): Promise<void> {
    const started = Date.now();
    const url = `${cardeaUrl}/dimsum`;
    const generation = await publisher.begin();
    const openTickets = ticketsOf(keeper);
    const spool = await SpoolIndex.create({
      writeRun: (file, json) => generation.writeRun(file, json),
      bothNotifications: keeper !== undefined,
    });
    try {
      const response = await request(url, {
        system: 'Cardea',
        timeoutMs: DOCUMENT_TIMEOUT_MS,
        signal,
        headers: { Accept: 'application/json' },
      });
      if (!response.body)
        throw new FetchError({ kind: 'malformed', system: 'Cardea', url, detail: 'the response had no body' });
      const summary = await ingestDimsum(response.body, spool, {
        url,
        timestamp,
        signal,
        hasOpenTicket: (runName) => openTickets.get(runName)?.issueState === 'OPEN',
      });
      const files = new Set(spool.files.values());
      for (const entry of published?.index.runs ?? [])
        if (!files.has(entry.file)) await generation.carryOver(entry.file);
      const caseFiles = await writeCaseFiles(generation, spool);
      const caseNames = new Set(caseFiles.map((entry) => entry.file));
      for (const entry of published?.index.caseFiles ?? [])
        if (!caseNames.has(entry.file)) await generation.carryOver(entry.file);
      const trends = await writeTrendFiles(generation, spool);
      const trendNames = new Set(trends.trends.files.map((entry) => entry.file));
      for (const entry of published?.index.trends.files ?? [])
        if (!trendNames.has(entry.file)) await generation.carryOver(entry.file);
      const now = new Date().toISOString();
      const index = snapshotIndexOf({
        generation: generation.id,
        publishedAt: now,
        cardeaUrl,
        summary,
        lastSuccessAt: now,
        runs: [...spool.files].map(([runName, file]) => ({ runName, file })),
        notifications: spool.notifications,
        tickets: openTickets,
        caseFiles,
        trends: trends.trends,
        trendWarnings: trends.warnings,
        keeper: keeper ? (published?.index.keeper ?? { lastSyncAt: null, failure: null }) : null,
      });
      await publisher.finish(generation, index);
      published = { index, both: keeper ? spool.both : undefined };
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(
        `published generation ${generation.id}: Cardea data of ${summary.timestamp ?? timestamp}, ${summary.runs} runs, ${summary.cases} cases, ${summary.bytes} bytes in ${seconds} s`,
      );
    } catch (error) {
      await publisher.discard(generation);
      throw error;
    } finally {
      await spool.dispose();
    }
  }

  async function pollOnce(): Promise<void> {
    let timestamp: string | null;
    try {
      timestamp = await readCardeaTimestamp(cardeaUrl, { signal });
    } catch (error) {
      if (!signal.aborted) await cardeaFailed(error);
      return;
    }
    if (timestamp === null) {
      log('Cardea has no data yet');
      return;
    }
    const keeperBehind =
      keeper !== undefined &&
      (keeper.store.cardeaTimestamp !== timestamp || (await keeper.store.getStatus())?.state !== 'ok');
    const current = published?.index.cardea.timestamp === timestamp;
    if (current && published && !(keeperBehind && !published.both)) {
      if (published.index.cardea.failure) {
        await rewrite({
          ...published.index,
          cardea: { ...published.index.cardea, failure: null, lastSuccessAt: stamp() },
        });
        log(`Cardea answers again; the snapshot of ${timestamp} is current`);
      } else {
        log(`Cardea data of ${timestamp} is already published`);
      }
      if (keeperBehind) await syncKeeper(timestamp);
      return;
    }
    try {
      await publish(timestamp);
    } catch (error) {
      if (!signal.aborted) await cardeaFailed(error);
      return;
    }
    await syncKeeper(timestamp);
  }

  let queue: Promise<void> = Promise.resolve();
  const pollNow = (): Promise<void> => {
    queue = queue
      .then(pollOnce)
      .catch((error: unknown) => log(`poll failed: ${error instanceof Error ? error.message : String(error)}`))
      .then(async () => {
        const removed = await publisher.prune(pruneAfterMs).catch(() => []);
        if (removed.length > 0) log(`pruned ${removed.length} old generation(s): ${removed.join(', ')}`);
      });
    return queue;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void pollNow().then(schedule), (config.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000);
    timer.unref?.();
  };
  if (config.poll !== false) void pollNow().then(schedule);

  return {
    url: staticServer?.url,
    pollNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      await queue.catch(() => undefined);
      await staticServer?.close();
      await keeper?.store.save();
    },
  };
}
