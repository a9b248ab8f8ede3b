import { getRunView, listNotifications } from '../db';
import { runNotification } from '../qc/notifications';
import type { NotificationSource } from './sync';

/**
 * The browser's notifications, from the IndexedDB index: the ready runs as the ingest computed them (as for runs
 * without a ticket), and a run's notification as for an open ticket recomputed from its libraries when asked.
 * Undefined before the first document.
 */
export async function indexSource(): Promise<NotificationSource | undefined> {
  const { index, notifications } = await listNotifications();
  if (!index) return undefined;
  return {
    documentTimestamp: index.document.timestamp,
    readyNotifications: async () => notifications,
    openTicketNotification: async (runName) => {
      const view = await getRunView(runName);
      return view && runNotification({ run: view.run, lq: view.lq, fd: view.fd, hasOpenTicket: true });
    },
  };
}
