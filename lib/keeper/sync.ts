import type { JiraClient, JiraTicketDetail } from '../jira/client';
import { FetchError, internalFailure, type Failure } from '../net/failure';
import type { RunNotification } from '../qc/notifications';
import { formatStateCode } from '../qc/state-code';
import {
  decideLookup,
  decideTicket,
  groupOpenTickets,
  isRepeatedComment,
  issueStateOf,
  ownDuplicates,
  primaryTicket,
  settleCreated,
  stateAfter,
  summaryOf,
  type IssueState,
  type KeeperDecision,
  type KeeperRules,
  type KeeperStep,
  type Lookup,
  type ReadComments,
  type TicketRef,
} from './engine';
import type { KeeperRunRecord, KeeperStatus, KeeperStore, RunOutcome } from './records';

// Carries the engine's decisions out against Jira (docs/notifications-and-tickets.md#ticket-keeper): A, the open tickets; B, the
// ready runs without one. Two keepers may run at once (the extension and the Node command, or two
// browsers), so every write is checked afterwards and the later duplicate removed by whoever made
// it: the oldest ticket and the earliest comment win, whichever keeper looks.

/** The notifications of one Cardea document, both ways docs/notifications-and-tickets.md#readiness, docs/notifications-and-tickets.md#desired-ticket-state computes them. */
export interface NotificationSource {
  documentTimestamp: string | null;
  /** Every run with a notification as for a run without an open ticket (the LQ- or FD-ready runs). */
  readyNotifications(): Promise<RunNotification[]>;
  /** The run's notification as for a run with an open ticket; undefined when the data has no such run. */
  openTicketNotification(runName: string): Promise<RunNotification | null | undefined>;
}

export interface TransitionNames {
  close: string;
  reopen: string;
}

export const DEFAULT_TRANSITIONS: TransitionNames = { close: 'Close Issue', reopen: 'Reopen Issue' };

export interface SyncOptions {
  client: JiraClient;
  source: NotificationSource;
  store: KeeperStore;
  rules: KeeperRules;
  transitions?: TransitionNames;
  now?: () => Date;
  log?: (line: string) => void;
}

interface Context extends Required<Omit<SyncOptions, 'store' | 'source'>> {
  account: string | null;
}

interface Kept {
  decision: KeeperDecision;
  failure?: Failure;
}

/** Failures that would hit every run alike: the sync stops and is tried again later, from the start. */
function stopsSync(error: unknown): boolean {
  if (!(error instanceof FetchError)) return true;
  const { kind, status } = error.failure;
  if (kind === 'unauthorized') return status !== 403;
  return kind === 'rate-limited' || kind === 'network' || kind === 'timeout' || kind === 'server';
}

/** The component a keeper failure that is not Jira's names (`internalFailure`). */
export const KEEPER = 'ticket keeper';

const statusOf = (error: unknown) => (error instanceof FetchError ? error.failure.status : undefined);

async function readIfNeeded(
  ctx: Context,
  plan: KeeperDecision | ReadComments,
  again: (detail: JiraTicketDetail) => KeeperDecision | ReadComments,
): Promise<KeeperDecision> {
  if (!('read' in plan)) return plan;
  const decided = again(await ctx.client.getIssue(plan.key));
  if ('read' in decided) throw new Error(`the keeper asked twice for the comments of ${plan.key}`);
  return decided;
}

/** Removes a newer ticket this keeper made: deleted, or where that is not allowed, closed as a duplicate. */
async function removeTicket(ctx: Context, key: string, keep: string): Promise<void> {
  try {
    await ctx.client.deleteIssue(key);
    ctx.log(`${key}: deleted, ${keep} is the older ticket for the same run`);
  } catch (error) {
    if (statusOf(error) === 404) return;
    if (statusOf(error) !== 403) throw error;
    await ctx.client.transition(key, ctx.transitions.close, {
      resolution: ctx.rules.resolutions.duplicate,
      comment: `Duplicate of ${keep}.`,
    });
    ctx.log(`${key}: closed as ${ctx.rules.resolutions.duplicate} of ${keep} (deleting is not allowed)`);
  }
}

/** Posts a comment, then takes it back if another keeper posted the same change first. */
async function comment(ctx: Context, key: string, body: string): Promise<void> {
  const posted = await ctx.client.addComment(key, body);
  const detail = await ctx.client.getIssue(key);
  if (!isRepeatedComment(detail, posted.id, ctx.account)) return;
  try {
    await ctx.client.deleteComment(key, posted.id);
    ctx.log(`${key}: removed comment ${posted.id}, an earlier comment already says the same`);
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/**
 * A workflow step. When Jira refuses it (400: not valid from the current status) another keeper may have moved the
 * ticket meanwhile: if it is where the decision leads, the rest is done; if it is where this step leads, go on.
 */
async function transition(
  ctx: Context,
  key: string,
  step: KeeperStep,
  target: IssueState | null,
): Promise<'next' | 'settled'> {
  if (step.kind !== 'reopen' && step.kind !== 'close') return 'next';
  const name = step.kind === 'reopen' ? ctx.transitions.reopen : ctx.transitions.close;
  const input =
    step.kind === 'close'
      ? { resolution: step.resolution, comment: step.comment }
      : { comment: step.comment ?? undefined };
  try {
    await ctx.client.transition(key, name, input);
    return 'next';
  } catch (error) {
    if (!(error instanceof FetchError) || error.failure.kind !== 'http') throw error;
    const now = issueStateOf((await ctx.client.getIssue(key)).resolution, ctx.rules.resolutions);
    if (now === target) return 'settled';
    if (now === stateAfter(step, ctx.rules.resolutions)) return 'next';
    throw error;
  }
}

async function execute(ctx: Context, decision: KeeperDecision): Promise<KeeperDecision> {
  let key = decision.key;
  for (const step of decision.steps) {
    if (step.kind === 'create') {
      const created = await ctx.client.createIssue({ summary: step.summary, description: step.description });
      ctx.log(`${created.key}: created for ${decision.runName}`);
      const matches = await ctx.client.searchBySummary(step.summary);
      const { keep, removeOurs } = settleCreated(created.key, matches, ctx.rules.resolutions);
      if (removeOurs) {
        await removeTicket(ctx, created.key, keep);
        return { ...decision, key: keep, outcome: 'unchanged' };
      }
      key = created.key;
    } else if (key === null) {
      throw new Error(`the keeper has no ticket to ${step.kind} for ${decision.runName}`);
    } else if (step.kind === 'comment') {
      await comment(ctx, key, step.body);
    } else if ((await transition(ctx, key, step, decision.to)) === 'settled') {
      ctx.log(`${key}: already ${decision.to}, another keeper moved it`);
      return { ...decision, key };
    }
  }
  if (decision.steps.length > 0 && decision.outcome !== 'created')
    ctx.log(`${key}: ${decision.outcome} (${decision.runName})`);
  return { ...decision, key };
}

async function removeOwnDuplicates(ctx: Context, primary: TicketRef, others: readonly TicketRef[]): Promise<void> {
  for (const extra of ownDuplicates(others, ctx.account)) await removeTicket(ctx, extra.key, primary.key);
}

/** docs/notifications-and-tickets.md#ticket-keeper A: a run with an open ticket. */
async function keepOpenTicket(
  ctx: Context,
  runName: string,
  ticket: TicketRef,
  duplicates: TicketRef[],
  notification: RunNotification | null,
): Promise<Kept> {
  const input = { runName, ticket, notification, rules: ctx.rules, account: ctx.account };
  const plan = await readIfNeeded(ctx, decideTicket(input), (detail) => decideTicket({ ...input, detail }));
  const decision = await execute(ctx, plan);
  await removeOwnDuplicates(ctx, ticket, duplicates);
  return { decision };
}

/** docs/notifications-and-tickets.md#ticket-keeper B: a ready run without an open ticket. */
async function keepReadyRun(ctx: Context, notification: RunNotification): Promise<Kept> {
  const { runName } = notification;
  let lookup: Lookup;
  let failure: Failure | undefined;
  try {
    lookup = { ok: true, tickets: await ctx.client.searchBySummary(summaryOf(runName, ctx.rules)) };
  } catch (error) {
    if (stopsSync(error)) throw error;
    failure = internalFailure(error, KEEPER);
    lookup = { ok: false };
  }
  const input = { runName, notification, lookup, rules: ctx.rules, account: ctx.account };
  const plan = await readIfNeeded(ctx, decideLookup(input), (detail) => decideLookup({ ...input, detail }));
  const decision = await execute(ctx, plan);
  const primary = lookup.ok ? primaryTicket(lookup.tickets, ctx.rules.resolutions) : undefined;
  if (lookup.ok && primary)
    await removeOwnDuplicates(
      ctx,
      primary,
      lookup.tickets.filter((t) => t.key !== primary.key),
    );
  return { decision, failure };
}

function record(decision: KeeperDecision, syncedAt: string, failure: Failure | null): KeeperRunRecord {
  return {
    runName: decision.runName,
    issueKey: decision.key,
    issueState: decision.to,
    code: decision.code ? formatStateCode(decision.code) : null,
    listed: decision.listed,
    outcome: decision.outcome,
    syncedAt,
    failure,
  };
}

/**
 * One sync over a Cardea document's notifications. Resolves with the sync's status (also stored); a failure that
 * stops it (Jira down, token refused, rate limits beyond the retries) is in `status.failure`, and running the sync
 * again picks up where Jira is: every decision is taken from Jira's current state, so nothing is skipped or repeated.
 */
export async function syncTickets(options: SyncOptions): Promise<KeeperStatus> {
  const { store, source } = options;
  const now = options.now ?? (() => new Date());
  const ctx: Context = {
    client: options.client,
    rules: options.rules,
    transitions: options.transitions ?? DEFAULT_TRANSITIONS,
    now,
    log: options.log ?? (() => undefined),
    account: null,
  };
  const counts: Partial<Record<RunOutcome, number>> = {};
  const status: KeeperStatus = {
    state: 'running',
    startedAt: now().toISOString(),
    finishedAt: null,
    documentTimestamp: source.documentTimestamp,
    failure: null,
    counts,
  };
  await store.putStatus(status);

  const keep = async (runName: string, key: string | null, work: () => Promise<Kept>) => {
    const syncedAt = now().toISOString();
    try {
      const { decision, failure } = await work();
      counts[decision.outcome] = (counts[decision.outcome] ?? 0) + 1;
      await store.putRun(record(decision, syncedAt, failure ?? null));
    } catch (error) {
      if (stopsSync(error)) throw error;
      const failure = internalFailure(error, KEEPER);
      ctx.log(`${runName}: ${failure.detail ?? failure.kind}`);
      counts.failed = (counts.failed ?? 0) + 1;
      const previous = await store.getRun(runName);
      await store.putRun({
        runName,
        issueKey: key ?? previous?.issueKey ?? null,
        issueState: previous?.issueState ?? null,
        code: previous?.code ?? null,
        listed: previous?.listed ?? true,
        outcome: 'failed',
        syncedAt,
        failure,
      });
    }
  };

  try {
    ctx.account = (await ctx.client.myself()).id;
    const open = groupOpenTickets(await ctx.client.searchOpen(ctx.rules.summarySuffix), ctx.rules);
    for (const ticket of open.unparsed)
      ctx.log(`${ticket.key}: skipped, "${ticket.summary}" is not a run ticket summary`);
    const handled = new Set<string>();
    for (const [runName, { ticket, duplicates }] of open.byRun) {
      const notification = await source.openTicketNotification(runName);
      if (notification === undefined) {
        ctx.log(`${ticket.key}: orphaned notification, ${runName} is not in Cardea's data; left untouched`);
        continue;
      }
      handled.add(runName);
      await keep(runName, ticket.key, () => keepOpenTicket(ctx, runName, ticket, duplicates, notification));
    }
    for (const notification of await source.readyNotifications()) {
      if (handled.has(notification.runName)) continue;
      await keep(notification.runName, null, () => keepReadyRun(ctx, notification));
    }
    Object.assign(status, { state: 'ok', finishedAt: now().toISOString() });
  } catch (error) {
    const failure = internalFailure(error, KEEPER);
    ctx.log(`sync stopped: ${failure.detail ?? failure.kind}`);
    Object.assign(status, { state: 'failed', finishedAt: now().toISOString(), failure });
  }
  await store.putStatus(status);
  return status;
}
