import css from '../../../components/run-overlay/overlay.css?inline';
import noticeCss from '../../../components/miso-notice/bao-notice.css?inline';
import { BaoNotice } from '../../../components/miso-notice/bao-notice';
import { RunOverlay } from '../../../components/run-overlay/run-overlay';
import { useRunOverlay, type RunOverlaySource } from '../../../hooks/use-run-overlay';
import { isIssueView, isSelectedIssue } from '../../../lib/jira/pages';
import { readTicket } from '../../../lib/jira/read-ticket';
import { decideRunTicket, type RunTicketDecision } from '../../../lib/jira/run-ticket';
import { defineOverlay } from '../../../lib/content-script/feature';
import type { Settings } from '../../../lib/storage';

/** The run's QC table on its Jira ticket (summary `{run}{suffix}`). */
const RunTable = (source: RunOverlaySource) => <RunOverlay {...useRunOverlay(source)} />;

type Shown = NonNullable<RunTicketDecision>;

export const jiraRunTable = (settings: Settings) =>
  defineOverlay<Shown>({
    id: 'jira-run-table',
    include: [isIssueView, isSelectedIssue],
    locate: (doc, url) => {
      const ticket = readTicket(doc, url);
      if (!ticket) return undefined;
      const decision = decideRunTicket(ticket, settings);
      return decision ? { anchor: ticket.anchor, append: ticket.append, data: decision } : null;
    },
    attributes: (shown): Record<string, string> =>
      shown.kind === 'run'
        ? { 'data-bao': 'run-table', 'data-run-name': shown.runName }
        : { 'data-bao': 'run-ticket-skipped', 'data-run-name': shown.runName, 'data-skip-reason': shown.reason },
    // A summary that names a run on a ticket the options rule out gets a quiet note, not a table that could
    // send QC to MISO from the wrong ticket.
    render: (shown) =>
      shown.kind === 'run' ? (
        <RunTable key={shown.runName} runName={shown.runName} host="jira" settings={settings} />
      ) : (
        <BaoNotice tone="info" message={`Bao: ${shown.message}`} />
      ),
    css: css + noticeCss,
  });

// Test URLs: http://127.0.0.1:PORT/browse/GLT-1 on `npm start`'s sandbox (a run ticket);
// https://lab.atlassian.net/browse/GLT-77 (Cloud).
