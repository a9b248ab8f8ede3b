import { ticketUrl, type IssueState, type RunLinks, type RunRow } from './run-rows';

const stateLabel: Record<IssueState, string> = {
  OPEN: 'open',
  PAUSED: 'closed Incomplete',
  CLOSED: 'closed Done',
  OVERRIDDEN: 'closed Won’t Do',
};

/** docs/notifications-and-tickets.md#badge Issue column: the ticket key linking to Jira; "N/A" without Jira; a dash while there is no ticket. */
export function IssueCell({ row, links, tabIndex }: { row: RunRow; links: RunLinks; tabIndex: number }) {
  if (!links.jiraUrl) {
    return (
      <td class="bao-runs__issue bao-shade--grey" data-issue="na" title="Jira is not configured in Bao’s options">
        N/A
      </td>
    );
  }
  const url = ticketUrl(row, links);
  if (url && row.issueKey) {
    const state = row.issueState ? stateLabel[row.issueState] : null;
    return (
      <td class="bao-runs__issue" data-issue="ticket">
        <a
          href={url}
          target="_blank"
          rel="noreferrer"
          tabIndex={tabIndex}
          title={`Open ${row.issueKey} in Jira${state ? ` (${state})` : ''}`}
        >
          {row.issueKey}
        </a>
        {row.issueState && row.issueState !== 'OPEN' && <span class="bao-runs__issue-state"> {state}</span>}
      </td>
    );
  }
  const why = links.keeperEnabled ? 'no ticket yet' : 'no ticket known: the ticket keeper is off';
  return (
    <td class="bao-runs__issue bao-muted" data-issue="none" title={why}>
      <span aria-hidden="true">—</span>
      <span class="bao-sr-only">{why}</span>
    </td>
  );
}
