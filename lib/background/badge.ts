import { browser } from 'wxt/browser';
import { countCasesWaiting } from '../case-signoff/service';
import { listNotifications } from '../db';
import { ticketsByRun } from '../keeper/state';
import type { PipelineStatus } from '../messages/protocol';
import { describeFailure } from '../net/failure';
import { badgeFor, type Badge } from '../qc/badge';

/** The toolbar badge from the pipeline status and the current index. */
export async function computeBadge(status: PipelineStatus, configured: boolean): Promise<Badge> {
  const [{ notifications }, tickets] = await Promise.all([listNotifications(), ticketsByRun()]);
  // Runs whose ticket was closed "Won't Do" are off the list for good (docs/notifications-and-tickets.md#ticket-keeper), so off the badge too.
  const waiting = notifications.filter((n) => n.requiresAction && tickets.get(n.runName)?.issueState !== 'OVERRIDDEN');
  return badgeFor({
    runsWaiting: waiting.length,
    libraries: {
      pendingQc: waiting.reduce((sum, n) => sum + n.pendingQc.length, 0),
      pendingDataReview: waiting.reduce((sum, n) => sum + n.pendingDataReview.length, 0),
    },
    // The rule is `waitingFor` in lib/case-signoff/steps.ts; a failure to count must not hide the runs.
    casesWaiting: await countCasesWaiting().catch(() => 0),
    failure: status.failure ? { system: status.failure.system, message: describeFailure(status.failure) } : null,
    configured,
  });
}

export async function showBadge(badge: Badge): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: badge.title }),
  ]);
}
