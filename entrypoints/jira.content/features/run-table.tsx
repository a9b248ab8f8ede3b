import css from '../../../components/run-overlay/overlay.css?inline';
import { RunOverlay } from '../../../components/run-overlay/run-overlay';
import { useRunOverlay, type RunOverlaySource } from '../../../hooks/use-run-overlay';
import { isIssueView, isSelectedIssue } from '../../../lib/jira/pages';
import { readTicket, runNameFromSummary } from '../../../lib/jira/read-ticket';
import { defineOverlay } from '../../../lib/content-script/feature';
import type { Settings } from '../../../lib/storage';

/** The run's QC table on its Jira ticket (summary `{run}{suffix}`). */
const RunTable = (source: RunOverlaySource) => <RunOverlay {...useRunOverlay(source)} />;

export const jiraRunTable = (settings: Settings) =>
  defineOverlay<{ runName: string }>({
    id: 'jira-run-table',
    include: [isIssueView, isSelectedIssue],
    locate: (doc, url) => {
      const ticket = readTicket(doc, url);
      if (!ticket) return undefined;
      const runName = runNameFromSummary(ticket.summary, settings.jiraSummarySuffix);
      return runName ? { anchor: ticket.anchor, append: ticket.append, data: { runName } } : null;
    },
    attributes: ({ runName }) => ({ 'data-bao': 'run-table', 'data-run-name': runName }),
    render: ({ runName }) => <RunTable key={runName} runName={runName} host="jira" settings={settings} />,
    css,
  });

// Test URLs: http://127.0.0.1:PORT/browse/GLT-1 on `npm start`'s sandbox (a run ticket);
// https://lab.atlassian.net/browse/GLT-77 (Cloud).
