import { misoRunUrl } from '../miso/pages';
import { compareTickets, type JiraTicket, type JiraTicketComment, type JiraTicketDetail } from '../jira/client';
import type { DesiredIssueState, RunNotification } from '../qc/notifications';
import { latestStateCode, needsUpdate, parseStateCode, stateCodeOf, type StateCode } from '../qc/state-code';
import { ALL_SIGNED_OFF_COMMENT, ticketText } from '../qc/ticket-text';

// The ticket keeper's decisions (docs/notifications-and-tickets.md#ticket-keeper, docs/notifications-and-tickets.md#ticket-text, docs/notifications-and-tickets.md#state-code, docs/notifications-and-tickets.md#jira-settings), pure: given a run's notification and what
// Jira says about its ticket, which steps bring the ticket where it should be. The sync
// (./sync.ts) does the lookups and carries the steps out.

/** A ticket's state from its resolution (docs/notifications-and-tickets.md#jira-settings): none → OPEN, paused → PAUSED, override → OVERRIDDEN, other → CLOSED. */
export type IssueState = 'OPEN' | 'PAUSED' | 'OVERRIDDEN' | 'CLOSED';

export interface Resolutions {
  done: string;
  paused: string;
  /** The only resolution that stops the keeper for good. */
  override: string;
  /** What a keeper closes its own extra ticket with when it may not delete it; lookups ignore such tickets. */
  duplicate: string;
}

export const DEFAULT_RESOLUTIONS: Resolutions = {
  done: 'Done',
  paused: 'Incomplete',
  override: "Won't Do",
  duplicate: 'Duplicate',
};

export interface KeeperRules {
  /** Summaries are `{run}{suffix}` (Dimsum's " Dimsum Run QC" by default). */
  summarySuffix: string;
  /** The run link goes to MISO's run page (docs/architecture.md#where-the-sources-differ). */
  misoUrl: string;
  resolutions: Resolutions;
}

export type TicketRef = Pick<JiraTicket, 'key' | 'summary' | 'resolution' | 'created' | 'reporter'>;
export type TicketDetail = TicketRef & Pick<JiraTicketDetail, 'description' | 'comments'>;

export type KeeperStep =
  | { kind: 'create'; summary: string; description: string }
  | { kind: 'comment'; body: string }
  /** Reopen transition; the comment rides on it (docs/notifications-and-tickets.md#ticket-keeper: "the transition carries the full comment"). */
  | { kind: 'reopen'; comment: string | null }
  | { kind: 'close'; resolution: string; comment: string };

export type Outcome =
  'created' | 'commented' | 'reopened' | 'paused' | 'closed' | 'unchanged' | 'overridden' | 'search-failed';

export interface KeeperDecision {
  runName: string;
  /** The ticket acted on; null before one is created, or when the lookup failed. */
  key: string | null;
  from: IssueState | null;
  /** The ticket's state once the steps are done. */
  to: IssueState | null;
  steps: KeeperStep[];
  /** The code the ticket's newest coded text carries afterwards; null after the final "all signed off" comment. */
  code: StateCode | null;
  /** The run belongs on the Active list (docs/notifications-and-tickets.md#ticket-keeper: `requiresAction()`; never for "Won't Do"). */
  listed: boolean;
  outcome: Outcome;
}

/** The state comparison needs the ticket's comments first (search results have none). */
export interface ReadComments {
  read: 'comments';
  key: string;
}

export function summaryOf(runName: string, rules: Pick<KeeperRules, 'summarySuffix'>): string {
  return `${runName}${rules.summarySuffix}`;
}

/** `^(.+){suffix}$`: the run name, or null for any other summary. */
export function runNameOf(summary: string, rules: Pick<KeeperRules, 'summarySuffix'>): string | null {
  const { summarySuffix } = rules;
  return summary.length > summarySuffix.length && summary.endsWith(summarySuffix)
    ? summary.slice(0, -summarySuffix.length)
    : null;
}

export function issueStateOf(resolution: string | null, resolutions: Resolutions): IssueState {
  if (resolution === null) return 'OPEN';
  const same = (name: string) => resolution.toLowerCase() === name.toLowerCase();
  if (same(resolutions.paused)) return 'PAUSED';
  if (same(resolutions.override)) return 'OVERRIDDEN';
  return 'CLOSED';
}

export function isDuplicateResolved(ticket: Pick<TicketRef, 'resolution'>, resolutions: Resolutions): boolean {
  return ticket.resolution !== null && ticket.resolution.toLowerCase() === resolutions.duplicate.toLowerCase();
}

export function runUrl(runName: string, misoUrl: string): string {
  return misoRunUrl(misoUrl, runName);
}

export function commentText(notification: RunNotification, rules: KeeperRules): string {
  return ticketText(notification, { runUrl: runUrl(notification.runName, rules.misoUrl) });
}

export function descriptionText(notification: RunNotification, rules: KeeperRules): string {
  return ticketText(notification, {
    runUrl: runUrl(notification.runName, rules.misoUrl),
    overrideResolution: rules.resolutions.override,
  });
}

/**
 * docs/notifications-and-tickets.md#jira-settings: the transitions from `current` to `target`, the last one carrying `comment`. Closing or pausing a ticket
 * that has another resolution reopens it first (without a comment); a ticket already there just gets the comment.
 */
export function stepsTowards(
  target: DesiredIssueState,
  current: IssueState,
  comment: string,
  resolutions: Resolutions,
): KeeperStep[] {
  if (target === 'OPEN')
    return current === 'OPEN' ? [{ kind: 'comment', body: comment }] : [{ kind: 'reopen', comment }];
  if (current === target) return [{ kind: 'comment', body: comment }];
  const close: KeeperStep = {
    kind: 'close',
    resolution: target === 'PAUSED' ? resolutions.paused : resolutions.done,
    comment,
  };
  return current === 'OPEN' ? [close] : [{ kind: 'reopen', comment: null }, close];
}

const OUTCOME_BY_TARGET: Record<DesiredIssueState, Outcome> = { OPEN: 'reopened', PAUSED: 'paused', CLOSED: 'closed' };

/**
 * The comments whose state code counts: the keeper's own account's, and those of the account that made the
 * ticket (Dimsum, for the tickets it made; it also wrote the description's code). Anyone in Jira can comment,
 * so a code in anyone else's comment is only text, and cannot make the keeper skip the next update.
 */
export function trustedComments<C extends Pick<JiraTicketComment, 'author'>>(
  comments: readonly C[],
  account: string | null | undefined,
  reporter: string | null,
): C[] {
  return comments.filter((c) => c.author !== null && (c.author === account || c.author === reporter));
}

export interface TicketInput {
  runName: string;
  ticket: TicketRef;
  /** The keeper's own Jira account (whom the token belongs to); unknown, only the ticket reporter's comments count. */
  account?: string | null;
  /** Its description and comments, once read; needed only when the states already match. */
  detail?: TicketDetail;
  /** A: the notification as for a run with an open ticket; B: as for a run without one (never null there). */
  notification: RunNotification | null;
  rules: KeeperRules;
}

/** docs/notifications-and-tickets.md#ticket-keeper A, and B for a ticket that is not "Won't Do": transition when the state is wrong, else comment on change. */
export function decideTicket({
  runName,
  ticket,
  detail,
  notification,
  rules,
  account,
}: TicketInput): KeeperDecision | ReadComments {
  const from = issueStateOf(ticket.resolution, rules.resolutions);
  const base = { runName, key: ticket.key, from };
  if (from === 'OVERRIDDEN') return { ...base, to: from, steps: [], code: null, listed: false, outcome: 'overridden' };
  if (notification === null) {
    // Nothing pending at all: close as completed, with the one comment that carries no code.
    if (from === 'CLOSED') return { ...base, to: from, steps: [], code: null, listed: false, outcome: 'unchanged' };
    const steps = stepsTowards('CLOSED', from, ALL_SIGNED_OFF_COMMENT, rules.resolutions);
    return { ...base, to: 'CLOSED', steps, code: null, listed: false, outcome: 'closed' };
  }
  const code = stateCodeOf(notification);
  const listed = notification.requiresAction;
  const target = notification.desiredState;
  if (target !== from) {
    const steps = stepsTowards(target, from, commentText(notification, rules), rules.resolutions);
    return { ...base, to: target, steps, code, listed, outcome: OUTCOME_BY_TARGET[target] };
  }
  if (!detail) return { read: 'comments', key: ticket.key };
  const previous = latestStateCode(detail.description, trustedComments(detail.comments, account, ticket.reporter));
  if (!needsUpdate(previous, code)) return { ...base, to: from, steps: [], code, listed, outcome: 'unchanged' };
  const steps: KeeperStep[] = [{ kind: 'comment', body: commentText(notification, rules) }];
  return { ...base, to: from, steps, code, listed, outcome: 'commented' };
}

export type Lookup = { ok: false } | { ok: true; tickets: TicketRef[] };

export interface LookupInput {
  runName: string;
  notification: RunNotification;
  /** The exact-summary search: every ticket whose summary equals `{run}{suffix}`. */
  lookup: Lookup;
  detail?: TicketDetail;
  rules: KeeperRules;
  /** As for `decideTicket`. */
  account?: string | null;
}

/** The ticket that stands for the run among exact-summary matches: the oldest that is not a keeper's duplicate. */
export function primaryTicket<T extends TicketRef>(tickets: readonly T[], resolutions: Resolutions): T | undefined {
  return tickets.filter((t) => !isDuplicateResolved(t, resolutions)).sort(compareTickets)[0];
}

/** docs/notifications-and-tickets.md#ticket-keeper B: a ready run without an open ticket. */
export function decideLookup({
  runName,
  notification,
  lookup,
  detail,
  rules,
  account,
}: LookupInput): KeeperDecision | ReadComments {
  const code = stateCodeOf(notification);
  if (!lookup.ok) {
    const listed = notification.requiresAction;
    return { runName, key: null, from: null, to: null, steps: [], code: null, listed, outcome: 'search-failed' };
  }
  const ticket = primaryTicket(lookup.tickets, rules.resolutions);
  if (!ticket) {
    const step: KeeperStep = {
      kind: 'create',
      summary: summaryOf(runName, rules),
      description: descriptionText(notification, rules),
    };
    return {
      runName,
      key: null,
      from: null,
      to: 'OPEN',
      steps: [step],
      code,
      listed: notification.requiresAction,
      outcome: 'created',
    };
  }
  return decideTicket({ runName, ticket, detail, notification, rules, account });
}

export interface OpenTickets {
  /** The run's ticket (the oldest) and any newer open tickets with the same summary. */
  byRun: Map<string, { ticket: TicketRef; duplicates: TicketRef[] }>;
  /** Summaries that do not end with the suffix (the JQL `~` is fuzzy): skipped. */
  unparsed: TicketRef[];
}

/** docs/notifications-and-tickets.md#ticket-keeper A: the open tickets by run. */
export function groupOpenTickets(tickets: readonly TicketRef[], rules: KeeperRules): OpenTickets {
  const byRun = new Map<string, TicketRef[]>();
  const unparsed: TicketRef[] = [];
  for (const ticket of tickets) {
    const runName = runNameOf(ticket.summary, rules);
    if (runName === null) unparsed.push(ticket);
    else byRun.set(runName, [...(byRun.get(runName) ?? []), ticket]);
  }
  const grouped = new Map<string, { ticket: TicketRef; duplicates: TicketRef[] }>();
  for (const [runName, list] of byRun) {
    const [ticket, ...duplicates] = [...list].sort(compareTickets);
    grouped.set(runName, { ticket, duplicates });
  }
  return { byRun: grouped, unparsed };
}

// ---- convergence: two keepers at once ---------------------------------------------------------

/**
 * After creating `createdKey`: the tickets with the exact summary decide who stays. The oldest wins; the keeper
 * that created a newer one removes it. Returns the key that stands for the run and whether ours must go.
 */
export function settleCreated(
  createdKey: string,
  matches: readonly TicketRef[],
  resolutions: Resolutions,
): { keep: string; removeOurs: boolean } {
  const keep = primaryTicket(matches, resolutions)?.key ?? createdKey;
  return { keep, removeOurs: keep !== createdKey };
}

/**
 * Extra open tickets for a run that this keeper's account reported (a keeper that stopped between creating and
 * checking leaves one): removed, so the oldest wins. Other people's tickets are never removed.
 */
export function ownDuplicates(duplicates: readonly TicketRef[], account: string | null): TicketRef[] {
  return account === null ? [] : duplicates.filter((t) => t.resolution === null && t.reporter === account);
}

const commentOrder = (a: JiraTicketComment, b: JiraTicketComment) => {
  const [na, nb] = [Number(a.id), Number(b.id)];
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return Date.parse(a.created) - Date.parse(b.created) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
};

/**
 * After posting comment `postedId`: true when an earlier comment (lower id) already carries the same state code
 * with no other code in between, i.e. another keeper posted this change first. The later comment then goes, so
 * the earliest comment id wins whichever keeper looks.
 */
export function isRepeatedComment(
  detail: Pick<TicketDetail, 'description' | 'comments' | 'reporter'>,
  postedId: string,
  account?: string | null,
): boolean {
  const ordered = trustedComments(detail.comments, account, detail.reporter).sort(commentOrder);
  const index = ordered.findIndex((c) => c.id === postedId);
  if (index < 0) return false;
  const code = parseStateCode(ordered[index].body);
  if (!code) return false;
  for (let i = index - 1; i >= 0; i -= 1) {
    const earlier = parseStateCode(ordered[i].body);
    if (earlier) return !needsUpdate(earlier, code);
  }
  const described = parseStateCode(detail.description);
  return described !== null && !needsUpdate(described, code);
}

/** The state a ticket is in after a step, to tell a step another keeper already took from a real failure. */
export function stateAfter(step: KeeperStep, resolutions: Resolutions): IssueState | null {
  if (step.kind === 'reopen') return 'OPEN';
  if (step.kind === 'close') return issueStateOf(step.resolution, resolutions);
  return null;
}
