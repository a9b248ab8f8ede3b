import type { KeeperStatusView } from '../../lib/messages/protocol';
import { formatDateTime } from './format';
import { plural } from '../../lib/text';

// One line on the ticket keeper under the data pipeline's details: off, or on with how its last
// sync went, so a keeper that stopped working is never silent.

export type KeeperLineState = 'unknown' | 'off' | 'problem' | 'never' | 'running' | 'ok' | 'failed';

/** "10:42" for today, the date and time otherwise. */
export function syncTime(iso: string, now: Date): string {
  const shown = formatDateTime(iso);
  const today = formatDateTime(now.toISOString()).slice(0, 10);
  return shown.startsWith(`${today} `) ? shown.slice(11) : shown;
}

function countsText(counts: NonNullable<KeeperStatusView['lastSync']>['counts']): string {
  if (!counts) return '';
  const parts = [
    counts.created > 0 && `${counts.created} created`,
    counts.commented > 0 && `${counts.commented} commented`,
    counts.transitioned > 0 && `${counts.transitioned} transitioned`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? ` · ${parts.join(', ')}` : '';
}

/** What the line says after "Ticket keeper: ". */
export function keeperLine(keeper: KeeperStatusView, now: Date): { state: KeeperLineState; text: string } {
  if (!keeper.enabled) return { state: 'off', text: 'off' };
  if (keeper.problem) return { state: 'problem', text: `on · not syncing: ${keeper.problem}` };
  const sync = keeper.lastSync;
  if (!sync) return { state: 'never', text: 'on · no sync yet' };
  if (sync.state === 'running')
    return { state: 'running', text: `on · syncing since ${syncTime(sync.startedAt, now)}…` };
  if (sync.state === 'failed')
    return { state: 'failed', text: `on · last sync failed: ${sync.reason ?? 'no reason recorded'}` };
  return {
    state: 'ok',
    text: `on · last sync ${syncTime(sync.finishedAt ?? sync.startedAt, now)} · ok${countsText(sync.counts)}`,
  };
}

export interface KeeperStatusLineProps {
  /** null until the background answers. */
  keeper: KeeperStatusView | null;
  /** Why the background could not say. */
  error: string | null;
  now?: Date;
}

export function KeeperStatusLine({ keeper, error, now = new Date() }: KeeperStatusLineProps) {
  if (!keeper && !error) return null;
  const { state, text } = keeper ? keeperLine(keeper, now) : { state: 'unknown' as const, text: `unknown (${error})` };
  const runErrors = keeper?.enabled ? keeper.runErrors : [];
  const sync = keeper?.lastSync;
  return (
    <div class={`bao-keeper bao-keeper--${state}`} data-bao="keeper-status" data-state={state}>
      <p
        class="bao-status-line"
        role="status"
        title={sync?.finishedAt ? `Last sync finished ${formatDateTime(sync.finishedAt)}` : undefined}
      >
        Ticket keeper: {text}
      </p>
      {runErrors.length > 0 && (
        <details class="bao-keeper__runs" data-bao="keeper-run-errors">
          <summary>{plural(runErrors.length, 'run', 'runs')} not kept in the last sync</summary>
          <ul>
            {runErrors.map((r) => (
              <li key={r.runName} data-run-name={r.runName}>
                <strong>{r.runName}</strong>
                {r.issueKey ? ` (${r.issueKey})` : ''}: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
