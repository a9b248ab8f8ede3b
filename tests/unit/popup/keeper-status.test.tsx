import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { KeeperStatusLine, syncTime } from '../../../components/popup/keeper-status';
import { PopupShell } from '../../../components/popup/popup-shell';
import { formatDateTime } from '../../../components/popup/format';
import type { KeeperStatusView } from '../../../lib/messages/protocol';

afterEach(cleanup);

// Local times, so "today" and the clock reading do not depend on the machine's time zone.
const NOW = new Date(2026, 2, 2, 15, 0);
const at = (day: number, hours: number, minutes: number) => new Date(2026, 2, day, hours, minutes).toISOString();

type Sync = NonNullable<KeeperStatusView['lastSync']>;
const sync = (fields: Partial<Sync> = {}): Sync => ({
  state: 'ok',
  startedAt: at(2, 10, 40),
  finishedAt: at(2, 10, 42),
  failure: null,
  reason: null,
  counts: null,
  ...fields,
});
const keeper = (fields: Partial<KeeperStatusView> = {}): KeeperStatusView => ({
  enabled: true,
  problem: null,
  lastSync: sync(),
  runErrors: [],
  ...fields,
});

function line(props: { keeper: KeeperStatusView | null; error?: string | null }) {
  const { container } = render(<KeeperStatusLine keeper={props.keeper} error={props.error ?? null} now={NOW} />);
  return container.querySelector<HTMLElement>('[data-bao="keeper-status"]');
}

describe('what the line says', () => {
  test.each<[string, KeeperStatusView, string, string]>([
    ['off in the options (a stale status is not shown)', keeper({ enabled: false }), 'off', 'Ticket keeper: off'],
    [
      'on but missing a setting',
      keeper({ problem: 'The ticket keeper needs the Jira project.', lastSync: null }),
      'problem',
      'Ticket keeper: on · not syncing: The ticket keeper needs the Jira project.',
    ],
    ['on, never synced', keeper({ lastSync: null }), 'never', 'Ticket keeper: on · no sync yet'],
    [
      'syncing',
      keeper({ lastSync: sync({ state: 'running', finishedAt: null }) }),
      'running',
      'Ticket keeper: on · syncing since 10:40…',
    ],
    ['last sync ok, nothing to do', keeper(), 'ok', 'Ticket keeper: on · last sync 10:42 · ok'],
    [
      'last sync ok, with what it did (zero counts left out)',
      keeper({ lastSync: sync({ counts: { created: 2, commented: 0, transitioned: 3 } }) }),
      'ok',
      'Ticket keeper: on · last sync 10:42 · ok · 2 created, 3 transitioned',
    ],
    [
      'last sync failed',
      keeper({ lastSync: sync({ state: 'failed', reason: 'Jira had an internal error (HTTP 500).' }) }),
      'failed',
      'Ticket keeper: on · last sync failed: Jira had an internal error (HTTP 500).',
    ],
  ])('%s', (_label, value, state, text) => {
    const shown = line({ keeper: value });
    expect(shown?.dataset.state).toBe(state);
    expect(shown?.querySelector('[role="status"]')?.textContent).toBe(text);
  });

  test('a sync on another day shows its date', () => {
    expect(syncTime(at(1, 23, 5), NOW)).toBe(formatDateTime(at(1, 23, 5)));
    expect(syncTime(at(2, 0, 5), NOW)).toBe('00:05');
    expect(line({ keeper: keeper({ lastSync: sync({ finishedAt: at(1, 9, 7) }) }) })?.textContent).toContain(
      `last sync ${formatDateTime(at(1, 9, 7))} · ok`,
    );
  });

  test('nothing until the background answers; its silence is said', () => {
    expect(line({ keeper: null })).toBeNull();
    const shown = line({ keeper: null, error: 'Bao’s background did not answer: timeout' });
    expect(shown?.dataset.state).toBe('unknown');
    expect(shown?.textContent).toBe('Ticket keeper: unknown (Bao’s background did not answer: timeout)');
  });
});

describe('runs the last sync could not keep', () => {
  const runErrors = [
    { runName: 'RUN_A', issueKey: null, reason: 'Jira had an internal error (HTTP 500).' },
    { runName: 'RUN_B', issueKey: 'GLT-9', reason: 'Jira needs you to log in again.' },
  ];

  test('listed under the line with their ticket and why', () => {
    const shown = line({ keeper: keeper({ runErrors }) })!;
    const details = shown.querySelector('[data-bao="keeper-run-errors"]')!;
    expect(details.querySelector('summary')?.textContent).toBe('2 runs not kept in the last sync');
    expect([...details.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'RUN_A: Jira had an internal error (HTTP 500).',
      'RUN_B (GLT-9): Jira needs you to log in again.',
    ]);
  });

  test('not with the keeper off', () => {
    expect(
      line({ keeper: keeper({ enabled: false, runErrors }) })?.querySelector('[data-bao="keeper-run-errors"]'),
    ).toBeNull();
  });
});

test('the popup shell shows the line under the pipeline details', () => {
  const { container } = render(
    <PopupShell
      status={null}
      statusError={null}
      tab="runs"
      counts={{}}
      onTab={vi.fn()}
      onRefresh={vi.fn()}
      onOpenOptions={vi.fn()}
      keeper={keeper({ enabled: false })}
    >
      <p>panel</p>
    </PopupShell>,
  );
  expect(container.querySelector('[data-bao="keeper-status"]')?.textContent).toBe('Ticket keeper: off');
});
