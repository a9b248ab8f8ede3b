import { cleanup, render } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { formatDateTime } from '../../../components/popup/format';
import { PipelineStatusLine } from '../../../components/popup/pipeline-status';
import type { PipelineStatus } from '../../../lib/messages/protocol';

afterEach(cleanup);

const status = (fields: Partial<PipelineStatus> = {}): PipelineStatus => ({
  state: 'idle',
  lastCheckAt: '2026-03-02T10:00:00Z',
  lastUpdateAt: null,
  documentTimestamp: null,
  documentBytes: null,
  durationMs: null,
  progress: null,
  failure: null,
  cardeaUrl: 'https://cardea.lab.org',
  index: null,
  ...fields,
});

const line = (s: PipelineStatus) =>
  render(<PipelineStatusLine status={s} onOpenOptions={() => undefined} />).getByRole('status').textContent;

test('a Cardea that has not loaded its data (after a restart) is said so in words, not as an error', () => {
  const view = render(<PipelineStatusLine status={status({ cardeaLoading: true })} onOpenOptions={() => undefined} />);
  expect(view.getByRole('status').textContent).toMatch(/^Cardea has not loaded its data yet/);
  expect(view.queryByRole('alert')).toBeNull();
});

test('with data from before the restart, the line says which data is shown', () => {
  const asOf = '2026-03-01T08:00:00Z';
  expect(line(status({ cardeaLoading: true, documentTimestamp: asOf }))).toContain(
    `Showing data as of ${formatDateTime(asOf)}.`,
  );
});

test('once Cardea has loaded, the line is the usual freshness line again', () => {
  const asOf = '2026-03-01T08:00:00Z';
  expect(line(status({ cardeaLoading: false, documentTimestamp: asOf }))).toMatch(/^Data as of /);
});
