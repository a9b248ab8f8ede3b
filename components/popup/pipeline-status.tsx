import { describeFailure } from '../../lib/net/failure';
import type { PipelineStatus } from '../../lib/messages/protocol';
import { formatBytes, formatDateTime, formatDuration } from './format';

/** One line saying how fresh the data is, with a banner when the last refresh failed. */
export function PipelineStatusLine({ status, onOpenOptions }: { status: PipelineStatus; onOpenOptions: () => void }) {
  if (status.state === 'unconfigured') {
    return (
      <div class="bao-banner bao-banner--info" role="status" data-bao="pipeline-status" data-state={status.state}>
        Bao is not connected yet.{' '}
        <button type="button" class="bao-link" onClick={onOpenOptions}>
          Open the options
        </button>{' '}
        to set the Cardea, MISO, Jira and Nabu addresses.
      </div>
    );
  }
  const updating = status.state === 'downloading' || status.state === 'indexing';
  return (
    <div data-bao="pipeline-status" data-state={status.state}>
      {status.failure && (
        <div class="bao-banner bao-banner--error" role="alert">
          <strong>Could not refresh:</strong> {describeFailure(status.failure)}{' '}
          {status.documentTimestamp
            ? `Showing the last good data, as of ${formatDateTime(status.documentTimestamp)}.`
            : 'No data yet.'}
        </div>
      )}
      <p class="bao-status-line" role="status">
        {updating && status.progress
          ? `Updating: ${formatBytes(status.progress.bytes)}${status.progress.totalBytes ? ` of ${formatBytes(status.progress.totalBytes)}` : ''}, ${status.progress.cases.toLocaleString('en-CA')} cases read…`
          : status.state === 'checking'
            ? 'Checking Cardea for new data…'
            : status.state === 'idle' && status.cardeaLoading
              ? `Cardea has not loaded its data yet (it may have just restarted); Bao asks again on the next check.${status.documentTimestamp ? ` Showing data as of ${formatDateTime(status.documentTimestamp)}.` : ''}`
              : `Data as of ${formatDateTime(status.documentTimestamp)} · checked ${formatDateTime(status.lastCheckAt)}`}
      </p>
    </div>
  );
}

/** The details a curious or troubleshooting user wants: what was loaded, how big, how long. */
export function PipelineDetails({ status }: { status: PipelineStatus }) {
  return (
    <details class="bao-details">
      <summary>Data pipeline</summary>
      <dl>
        <dt>Cardea</dt>
        <dd>{status.cardeaUrl || '—'}</dd>
        <dt>Document timestamp</dt>
        <dd>{formatDateTime(status.documentTimestamp)}</dd>
        <dt>Last update</dt>
        <dd>{formatDateTime(status.lastUpdateAt)}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(status.documentBytes)}</dd>
        <dt>Took</dt>
        <dd>{formatDuration(status.durationMs)}</dd>
        {status.index && (
          <>
            <dt>Indexed</dt>
            <dd>
              {status.index.runs} runs, {status.index.runLibraries} run-libraries, {status.index.cases} cases
            </dd>
          </>
        )}
      </dl>
    </details>
  );
}
