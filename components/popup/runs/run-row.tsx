import { statusGlyph } from '../../glyphs';
import { IssueCell } from './issue-cell';
import { misoRunUrl, runQcStatus, ticketUrl, type RunLinks, type RunRow } from './run-rows';

export interface RunRowProps {
  row: RunRow;
  links: RunLinks;
  /** The row in the tab order (roving tabindex); the others are reached with the arrow keys. */
  active: boolean;
  copied: boolean;
  onFocus: () => void;
  onCopy: (runName: string) => void;
}

/** `2022-11-09T10:00:00Z` → `2022-11-09`; anything else as it came. */
function day(date: string | null): string {
  if (!date) return '—';
  return /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : date;
}

function CountCell({ name, value, shaded }: { name: string; value: number; shaded: boolean }) {
  const yellow = shaded && value > 0;
  return (
    <td
      class={`bao-runs__count${yellow ? ' bao-shade--yellow' : ''}`}
      data-count={name}
      data-shade={yellow ? 'yellow' : 'none'}
    >
      {value}
    </td>
  );
}

function RunQcCell({ runQc }: { runQc: RunRow['runQc'] }) {
  const status = runQcStatus(runQc);
  const byReview = status.key === 'failed' && runQc.qcPassed !== false;
  const user = byReview ? runQc.dataReviewUser : runQc.qcUser;
  const title =
    status.key === 'dataReview'
      ? `Status: ${status.label}`
      : `Status: ${status.label}${byReview ? ' data review' : ''}${user ? ` (${user})` : ''}`;
  return (
    <td
      class={`bao-runs__status bao-shade--${status.shade}`}
      data-status={status.key}
      data-shade={status.shade}
      title={title}
    >
      <span class="bao-runs__glyph" aria-hidden="true">
        {statusGlyph(status)}
      </span>{' '}
      {status.label}
    </td>
  );
}

/** One run: name (ticket link, MISO link, copy), completion date, run QC, the three counts, the ticket. */
export function RunRowView({ row, links, active, copied, onFocus, onCopy }: RunRowProps) {
  const ticket = ticketUrl(row, links);
  const miso = misoRunUrl(row, links);
  // Only the active row's controls are in the tab order; the arrow keys move between rows.
  const inner = active ? 0 : -1;
  return (
    <tr
      data-run-name={row.runName}
      tabIndex={active ? 0 : -1}
      onFocusIn={onFocus}
      class="bao-runs__row"
      aria-label={row.runName}
    >
      <td class="bao-runs__name">
        <span class="bao-runs__name-inner">
          {ticket ? (
            <a
              href={ticket}
              target="_blank"
              rel="noreferrer"
              class="bao-runs__run"
              title={`${row.runName}: open ${row.issueKey} in Jira`}
              tabIndex={inner}
            >
              {row.runName}
            </a>
          ) : (
            <span class="bao-runs__run" title={row.runName}>
              {row.runName}
            </span>
          )}
          {miso && (
            <a
              href={miso}
              target="_blank"
              rel="noreferrer"
              class="bao-runs__miso"
              title={`Open ${row.runName} in MISO`}
              aria-label={`Open ${row.runName} in MISO`}
              tabIndex={inner}
            >
              M
            </a>
          )}
          <button
            type="button"
            class="bao-runs__copy"
            title="Copy the run name"
            aria-label={`Copy run name ${row.runName}`}
            tabIndex={inner}
            onClick={() => onCopy(row.runName)}
          >
            {copied ? <span aria-hidden="true">✓</span> : <span class="bao-copy-icon" aria-hidden="true" />}
          </button>
        </span>
      </td>
      <td class="bao-runs__date" title={row.completionDate ?? 'Not completed'}>
        {day(row.completionDate)}
      </td>
      <RunQcCell runQc={row.runQc} />
      <CountCell name="pending-analysis" value={row.pendingAnalysis} shaded={false} />
      <CountCell name="pending-qc" value={row.pendingQc} shaded />
      <CountCell name="pending-data-review" value={row.pendingDataReview} shaded />
      <IssueCell row={row} links={links} tabIndex={inner} />
    </tr>
  );
}
