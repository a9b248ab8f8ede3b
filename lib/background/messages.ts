import { readRunView } from '../bao-server/run-view';
import { getCurrentIndex, listNotifications } from '../db';
import { ticketsByRun } from '../keeper/state';
import { extensionPageCheck, handle, type RequestData, type Sender, type SenderCheck } from '../messages';
import { resultOf } from '../messages/define';
import type { MessageName, NotificationList, ResponseOf, RunData, RunNotificationRow } from '../messages/protocol';
import { FetchError } from '../net/failure';
import { loadSettings, sameOrigin } from '../storage';
import { check as checkConnections } from './check-connections';
import { keeperStatus } from './keeper-status';
import { caseSignoffHandlers, type Outbox } from './outbox';
import type { Pipeline } from './pipeline';
import { LOCAL_DATABASE } from './pipeline-status';
import { qcInMisoHandlers, watchMisoBatchTabs } from './qc-in-miso';
import { secretHandlers } from './secrets';
import { readTrend, readTrendWarnings, type TrendOptions } from './trends';

type Handler<K extends MessageName> = (data: RequestData<K>, sender: Sender) => Promise<ResponseOf<K>>;
type Handlers = { [K in MessageName]?: Handler<K> };

export interface BackgroundServices {
  pipeline: Pipeline;
  /** The case sign-off outbox; without it the case messages answer with a failure. */
  outbox?: Outbox;
}

/** Content scripts are trusted only on the MISO and Jira origins configured in the options. */
/** MISO's or Jira's origin as configured; MISO first should both share one. */
export async function configuredHostOf(origin: string): Promise<'miso' | 'jira' | undefined> {
  const { settings } = await loadSettings();
  if (settings.misoUrl !== '' && sameOrigin(settings.misoUrl, origin)) return 'miso';
  if (settings.jiraUrl !== '' && sameOrigin(settings.jiraUrl, origin)) return 'jira';
  return undefined;
}

export const senderCheck: SenderCheck = extensionPageCheck(configuredHostOf);

/** Newest completion first; runs still sequencing (no date) on top, as Dimsum's descending sort puts them. */
function byCompletion(a: RunNotificationRow, b: RunNotificationRow): number {
  if (a.completionDate !== b.completionDate) {
    if (a.completionDate === null) return -1;
    if (b.completionDate === null) return 1;
    return b.completionDate.localeCompare(a.completionDate);
  }
  return a.runName.localeCompare(b.runName);
}

async function notificationList(pipeline: Pipeline): Promise<NotificationList> {
  const [{ index, notifications }, status, tickets] = await Promise.all([
    listNotifications(),
    pipeline.status(),
    ticketsByRun(),
  ]);
  // A run whose ticket was set to "Won't Do" is off the list for good (docs/notifications-and-tickets.md#ticket-keeper B).
  const listed = notifications.filter((n) => tickets.get(n.runName)?.issueState !== 'OVERRIDDEN');
  const runs = listed.map((n) => ({
    runName: n.runName,
    completionDate: n.completionDate,
    runQc: n.runQc,
    pendingAnalysis: n.pendingAnalysis.length,
    pendingQc: n.pendingQc.length,
    pendingDataReview: n.pendingDataReview.length,
    runState: n.runState,
    requiresAction: n.requiresAction,
    issueKey: tickets.get(n.runName)?.issueKey ?? null,
    issueState: tickets.get(n.runName)?.issueState ?? null,
  }));
  return { asOf: index?.document.timestamp ?? null, stale: status.failure !== null, runs: runs.sort(byCompletion) };
}

function runData(pipeline: Pipeline, runName: string): Promise<ResponseOf<'getRunData'>> {
  return resultOf(LOCAL_DATABASE, async (): Promise<RunData> => {
    const [view, status] = await Promise.all([readRunView(runName), pipeline.status()]);
    const stale = status.failure !== null;
    if (view) {
      const { run, lq, fd, assaysById, omitted, index } = view;
      return {
        status: 'found',
        run,
        lq,
        fd,
        assaysById,
        omitted,
        asOf: index.document.timestamp,
        stale,
        failure: status.failure,
      };
    }
    const index = await getCurrentIndex();
    if (index) return { status: 'not-found', runName, asOf: index.document.timestamp, stale, failure: status.failure };
    // Nothing indexed yet: either the first download failed (answer with why) or it has not happened yet.
    if (status.failure) throw new FetchError(status.failure);
    return { status: 'not-indexed', state: status.state };
  });
}

/** The series length and minimum history the user or an administrator chose (docs/trends.md#settings). */
async function trendOptions(): Promise<TrendOptions> {
  const { settings } = await loadSettings();
  return { runs: settings.trendRuns, minHistory: settings.trendMinHistory };
}

/** Runs the index does not hold are left out of the answer. */
async function trendWarnings(runNames: string[]) {
  const found = [];
  const options = await trendOptions();
  for (const runName of new Set(runNames)) {
    const warnings = await readTrendWarnings(runName, options);
    if (warnings) found.push(warnings);
  }
  return found;
}

export function messageHandlers({ pipeline, outbox }: BackgroundServices): Handlers {
  return {
    getPipelineStatus: () => pipeline.status(),
    pollNow: () => pipeline.poll('manual'),
    getNotifications: () => notificationList(pipeline),
    getRunData: ({ runName }) => runData(pipeline, runName),
    getTrend: ({ runName, key }) =>
      resultOf(LOCAL_DATABASE, async () => (await readTrend(runName, key, await trendOptions())) ?? null),
    getTrendWarnings: ({ runNames }) => resultOf(LOCAL_DATABASE, () => trendWarnings(runNames)),
    getKeeperStatus: () => keeperStatus(),
    checkConnections: () => checkConnections(),
    ...secretHandlers(),
    ...qcInMisoHandlers(),
    ...caseSignoffHandlers(outbox),
  };
}

/** Registers every handler in the map with the shared sender check; returns a function that removes them. */
export function registerMessageHandlers(services: BackgroundServices, check: SenderCheck = senderCheck): () => void {
  const handlers = messageHandlers(services);
  const register = <K extends MessageName>(type: K) => handle(type, check, handlers[type] as Handler<K>);
  const removers = (Object.keys(handlers) as MessageName[]).map(register);
  removers.push(watchMisoBatchTabs());
  return () => removers.forEach((remove) => remove());
}
