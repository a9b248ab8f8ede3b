import { useState } from 'preact/hooks';
import type { OutboxEntry } from '../../../lib/case-signoff/schemas';
import { formatDateTime } from '../format';
import { plural } from '../../../lib/text';

// Sign-offs Bao still has to get into Nabu: what each is, how far it got, why it waits, and Retry /
// Discard (Discard asks first, because a discarded sign-off is never sent).

export interface OutboxPanelProps {
  entries: OutboxEntry[];
  onRetry: (ids?: string[]) => void;
  onDiscard: (ids: string[]) => void;
  onOpenOptions: () => void;
}

function stateText(entry: OutboxEntry): string {
  switch (entry.state) {
    case 'queued':
      return 'Waiting to be sent';
    case 'sending':
      return 'Sending…';
    case 'retrying':
      return `Will retry ${entry.nextAttemptAt ? `at ${formatDateTime(entry.nextAttemptAt).slice(11)}` : 'soon'}`;
    case 'blocked':
      return 'Needs you';
  }
}

function Entry({
  entry,
  onRetry,
  onDiscard,
  onOpenOptions,
}: { entry: OutboxEntry } & Omit<OutboxPanelProps, 'entries'>) {
  const [confirming, setConfirming] = useState(false);
  const total = entry.cases.length;
  const done = entry.cases.filter((c) => c.state !== 'pending').length;
  const needsOptions = entry.lastFailure?.kind === 'unauthorized' || /options/.test(entry.message ?? '');
  return (
    <li data-outbox-id={entry.id} data-state={entry.state}>
      <strong>{entry.summary}</strong>
      <span class="bao-case-sub">
        {plural(total, 'case', 'cases')}, {done} saved · {stateText(entry)} ·{' '}
        {plural(entry.attempts, 'attempt', 'attempts')}
        {entry.request.comment ? ` · Note: ${entry.request.comment}` : ''}
      </span>
      {entry.message && (
        <p class="bao-outbox__message" role={entry.state === 'blocked' ? 'alert' : undefined}>
          {entry.message}
        </p>
      )}
      <div class="bao-outbox__actions">
        {confirming ? (
          <>
            <span>
              Discard this sign-off for {plural(total - done, 'unsent case', 'unsent cases')}? It will not be sent.
            </span>
            <button type="button" class="bao-button" onClick={() => onDiscard([entry.id])}>
              Yes, discard
            </button>
            <button type="button" class="bao-button" onClick={() => setConfirming(false)} autoFocus>
              Keep it
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              class="bao-button"
              disabled={entry.state === 'sending'}
              onClick={() => onRetry([entry.id])}
            >
              Retry
            </button>
            <button
              type="button"
              class="bao-button"
              disabled={entry.state === 'sending'}
              onClick={() => setConfirming(true)}
            >
              Discard…
            </button>
            {needsOptions && (
              <button type="button" class="bao-link" onClick={onOpenOptions}>
                Open the options
              </button>
            )}
          </>
        )}
      </div>
    </li>
  );
}

export function OutboxPanel(props: OutboxPanelProps) {
  const { entries, onRetry } = props;
  if (entries.length === 0) return null;
  const unsent = entries.reduce((n, e) => n + e.cases.filter((c) => c.state === 'pending').length, 0);
  return (
    <section class="bao-outbox" data-bao="outbox" data-count={entries.length} aria-labelledby="bao-outbox-title">
      <div class="bao-cases__bar">
        <h2 id="bao-outbox-title">Outbox: {plural(unsent, 'sign-off', 'sign-offs')} not yet in Nabu</h2>
        <span class="bao-spacer" />
        {entries.length > 1 && (
          <button type="button" class="bao-button" onClick={() => onRetry()}>
            Retry all
          </button>
        )}
      </div>
      <ul>
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} {...props} />
        ))}
      </ul>
    </section>
  );
}
