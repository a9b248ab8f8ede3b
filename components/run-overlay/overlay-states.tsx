import { describeFailure, type Failure } from '../../lib/net/failure';
import type { IndexProgress } from '../../lib/run-table/overlay-view';
import { formatBytes, formatDateTime } from '../popup/format';

// The overlay's states besides the tables. Every failure text comes from describeFailure, which
// names the system (and for unreadable data, the field).

export function LoadingState() {
  return (
    <div class="bao-loading" role="status" data-bao-state="loading">
      <p class="bao-muted">Loading QC data…</p>
      <div class="bao-skeleton" aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} class="bao-skeleton__row" />
        ))}
      </div>
    </div>
  );
}

export function NotIndexedState({ state, progress }: { state: string; progress: IndexProgress | null }) {
  if (state === 'unconfigured') {
    return (
      <p class="bao-banner bao-banner--info" role="status" data-bao-state="unconfigured">
        Bao is not connected to Cardea yet: set Cardea’s address in Bao’s options.
      </p>
    );
  }
  const detail = progress
    ? ` ${formatBytes(progress.bytes)}${progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : ''} read, ${progress.cases.toLocaleString('en-CA')} cases indexed.`
    : '';
  return (
    <p class="bao-banner bao-banner--info" role="status" data-bao-state="not-indexed">
      Bao is still loading Cardea’s data…{detail}
    </p>
  );
}

export function NotFoundState({ runName, asOf }: { runName: string; asOf: string | null }) {
  return (
    <p class="bao-banner bao-banner--info" role="status" data-bao-state="not-found">
      Cardea has no run named {runName} (data as of {formatDateTime(asOf)}).
    </p>
  );
}

export function ErrorState({ failure }: { failure: Failure }) {
  return (
    <p class="bao-banner bao-banner--error" role="alert" data-bao-state="error">
      Bao could not load QC data for this run: {describeFailure(failure)}
    </p>
  );
}

/** The last refresh from Cardea failed: the data shown is the last good copy. */
export function StaleBanner({ failure, asOf }: { failure: Failure | null; asOf: string | null }) {
  return (
    <p class="bao-banner bao-banner--warning" role="status" data-bao="stale-banner">
      Could not refresh from Cardea{failure ? `: ${describeFailure(failure)}` : '.'} Showing data as of{' '}
      {formatDateTime(asOf)}.
    </p>
  );
}

/** The background did not answer, but a saved copy is on screen. */
export function RefreshFailedBanner({ failure, asOf }: { failure: Failure; asOf: string | null }) {
  return (
    <p class="bao-banner bao-banner--warning" role="status" data-bao="refresh-banner">
      Could not get fresh data from Bao’s background: {describeFailure(failure)} Showing the saved copy, as of{' '}
      {formatDateTime(asOf)}.
    </p>
  );
}

export function EmptyRunState({ runName, asOf }: { runName: string; asOf: string | null }) {
  return (
    <p class="bao-banner bao-banner--info" role="status" data-bao-state="empty">
      Cardea lists run {runName}, but no library qualification or full-depth sequencing libraries on it (data as of{' '}
      {formatDateTime(asOf)}).
    </p>
  );
}
