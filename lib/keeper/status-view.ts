import type { KeeperStatusView } from '../messages/protocol';
import { describeFailure } from '../net/failure';
import type { Secrets, Settings } from '../settings-schema';
import { keeperSetup } from './from-settings';
import type { KeeperRunRecord, KeeperStatus, RunOutcome } from './records';

// What the popup says about the ticket keeper, from the options and the keeper's records: on or
// off, how the last sync went, and the runs it could not keep (a sync goes on past those).

const TRANSITIONED: RunOutcome[] = ['reopened', 'paused', 'closed'];

type Counts = NonNullable<KeeperStatusView['lastSync']>['counts'];

/** Null when the sync counted nothing (it stopped before its first run, or an older record). */
function ticketCounts(counts: KeeperStatus['counts']): Counts {
  if (Object.keys(counts).length === 0) return null;
  const of = (outcome: RunOutcome) => counts[outcome] ?? 0;
  return {
    created: of('created'),
    commented: of('commented'),
    transitioned: TRANSITIONED.reduce((sum, o) => sum + of(o), 0),
  };
}

export interface KeeperStatusInput {
  settings: Settings;
  secrets: Secrets;
  /** The last sync's status; undefined before the first one. */
  status: KeeperStatus | undefined;
  runs: KeeperRunRecord[];
}

export function keeperStatusView({ settings, secrets, status, runs }: KeeperStatusInput): KeeperStatusView {
  const enabled = settings.keeperEnabled && secrets.jiraToken !== '';
  const setup = keeperSetup(settings, secrets);
  const lastSync = status
    ? {
        state: status.state,
        startedAt: status.startedAt,
        finishedAt: status.finishedAt,
        documentTimestamp: status.documentTimestamp,
        failure: status.failure,
        reason: status.failure ? describeFailure(status.failure) : null,
        counts: ticketCounts(status.counts),
      }
    : null;
  // A run record is rewritten whenever a sync reaches its run: older failures were from older syncs.
  const runErrors = status
    ? runs
        .flatMap(({ runName, issueKey, failure, syncedAt }) =>
          failure && syncedAt >= status.startedAt ? [{ runName, issueKey, reason: describeFailure(failure) }] : [],
        )
        .sort((a, b) => a.runName.localeCompare(b.runName))
    : [];
  return { enabled, problem: enabled && !setup.ok ? setup.reason : null, lastSync, runErrors };
}
