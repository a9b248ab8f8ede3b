import { getRunView, listNotifications } from '../db';
import { runNotification, type RunNotification } from '../qc/notifications';
import type { NotificationSource } from './sync';

/**
 * The browser's notifications, from the IndexedDB index: the ready runs as the ingest computed them (as for runs
 * without a ticket), and a run's notification as for an open ticket recomputed from its libraries when asked.
 * Undefined before the first document.
 */
export async function indexSource(): Promise<NotificationSource | undefined> {
  const { index, notifications } = await listNotifications();
  if (!index) return undefined;
  const asFor = async (runName: string, hasOpenTicket: boolean) => {
    const view = await getRunView(runName);
    return view && runNotification({ run: view.run, lq: view.lq, fd: view.fd, hasOpenTicket });
  };
  return {
    documentTimestamp: index.document.timestamp,
    readyNotifications: async () => {
      const ready: RunNotification[] = [];
      for (const n of notifications) {
        // The ingest worked these out for the open ticket the keeper had recorded; Jira may no longer have it open,
        // and then only the rule for runs without a ticket may bring a ticket back (docs/notifications-and-tickets.md#readiness).
        const notification = n.withOpenTicket ? await asFor(n.runName, false) : n;
        if (notification) ready.push(notification);
      }
      return ready;
    },
    openTicketNotification: (runName) => asFor(runName, true),
  };
}
