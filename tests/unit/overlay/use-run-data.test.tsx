import { cleanup, render, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { send } from '../../../lib/messages';
import { FetchError } from '../../../lib/net/failure';
import type { OverlayView } from '../../../lib/run-table/overlay-view';
import { SavedRunData, forgetRuns, packRunData, unpackRunData } from '../../../lib/run-table/run-cache';
import { useRunData } from '../../../hooks/use-run-data';
import { RUN_CACHE_LIMIT, publishIndexSignal, readCachedRun, saveCachedRun } from '../../../lib/storage';
import { RUN_NAME, runData } from './run-data';

vi.mock('../../../lib/messages', () => ({ send: vi.fn() }));
const sendMock = vi.mocked(send);

let views: OverlayView[] = [];
function Probe({ runName }: { runName: string }) {
  const view = useRunData(runName);
  views.push(view);
  return <p data-kind={view.kind}>{view.kind === 'found' ? `${view.data.asOf} cached:${view.cached}` : view.kind}</p>;
}
const shown = (container: Element) => container.querySelector('p')!.textContent;

beforeEach(() => {
  fakeBrowser.reset();
  forgetRuns();
  views = [];
});
afterEach(cleanup);

const answer = (data = runData()) => ({ ok: true as const, value: data });
const signal = (documentTimestamp: string, failed = false) =>
  publishIndexSignal({ documentTimestamp, state: 'idle', failed, progress: null });

test('asks the background at once and shows its answer; the answer is saved for the next visit', async () => {
  sendMock.mockResolvedValue(answer());
  const { container } = render(<Probe runName={RUN_NAME} />);
  expect(shown(container)).toBe('loading');
  await waitFor(() => expect(shown(container)).toBe('2023-01-08T10:00:00Z cached:false'));
  expect(sendMock).toHaveBeenCalledWith('getRunData', { runName: RUN_NAME });
  await waitFor(async () => expect((await readCachedRun(RUN_NAME, SavedRunData))?.asOf).toBe('2023-01-08T10:00:00Z'));
});

test('a revisited run renders from storage before the background answers', async () => {
  await saveCachedRun(RUN_NAME, '2023-01-01T00:00:00Z', packRunData(runData({ asOf: '2023-01-01T00:00:00Z' })));
  let reply: (value: ReturnType<typeof answer>) => void = () => undefined;
  sendMock.mockReturnValue(new Promise((resolve) => (reply = resolve)));
  const { container } = render(<Probe runName={RUN_NAME} />);
  await waitFor(() => expect(shown(container)).toBe('2023-01-01T00:00:00Z cached:true'));
  reply(answer());
  await waitFor(() => expect(shown(container)).toBe('2023-01-08T10:00:00Z cached:false'));
});

test('an answer for the same Cardea document as the saved copy keeps the rows already built', async () => {
  await saveCachedRun(RUN_NAME, '2023-01-08T10:00:00Z', packRunData(runData()));
  let reply: (value: ReturnType<typeof answer>) => void = () => undefined;
  sendMock.mockReturnValue(new Promise((resolve) => (reply = resolve)));
  const { container } = render(<Probe runName={RUN_NAME} />);
  await waitFor(() => expect(shown(container)).toBe('2023-01-08T10:00:00Z cached:true'));
  const saved = views.at(-1);
  reply(answer());
  await waitFor(() => expect(shown(container)).toBe('2023-01-08T10:00:00Z cached:false'));
  const fresh = views.at(-1);
  expect(saved?.kind === 'found' && fresh?.kind === 'found' && fresh.data === saved.data).toBe(true);
});

test('in memory, the same page shows the last answer on the very first render', async () => {
  sendMock.mockResolvedValue(answer());
  const first = render(<Probe runName={RUN_NAME} />);
  await waitFor(() => expect(shown(first.container)).toContain('cached:false'));
  first.unmount();
  views = [];
  render(<Probe runName={RUN_NAME} />);
  expect(views[0]).toMatchObject({ kind: 'found', cached: true });
});

test('asks again when the background publishes a new document or a change in failure, not on progress alone', async () => {
  await signal('2023-01-08T10:00:00Z');
  sendMock.mockResolvedValue(answer());
  const { container } = render(<Probe runName={RUN_NAME} />);
  await waitFor(() => expect(shown(container)).toContain('cached:false'));
  await new Promise((r) => setTimeout(r, 20));
  const before = sendMock.mock.calls.length;
  await publishIndexSignal({
    documentTimestamp: '2023-01-08T10:00:00Z',
    state: 'checking',
    failed: false,
    progress: null,
  });
  await new Promise((r) => setTimeout(r, 20));
  expect(sendMock.mock.calls.length).toBe(before);
  sendMock.mockResolvedValue(answer(runData({ asOf: '2023-01-09T10:00:00Z' })));
  await signal('2023-01-09T10:00:00Z');
  await waitFor(() => expect(shown(container)).toBe('2023-01-09T10:00:00Z cached:false'));
  sendMock.mockResolvedValue(
    answer(
      runData({
        asOf: '2023-01-09T10:00:00Z',
        stale: true,
        failure: { kind: 'server', system: 'Cardea', url: 'x', status: 500 },
      }),
    ),
  );
  await signal('2023-01-09T10:00:00Z', true);
  await waitFor(() => expect(views.at(-1)).toMatchObject({ kind: 'found', failure: { system: 'Cardea' } }));
});

test('never throws: a background that does not answer becomes the error view; a failed refresh keeps the rows', async () => {
  sendMock.mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
  const { container } = render(<Probe runName={RUN_NAME} />);
  await waitFor(() => expect(shown(container)).toBe('error'));
  expect(views.at(-1)).toMatchObject({ kind: 'error', failure: { system: 'Bao', url: 'background worker' } });
  cleanup();

  sendMock.mockResolvedValueOnce(answer());
  const second = render(<Probe runName="OTHER_RUN" />);
  await waitFor(() => expect(shown(second.container)).toContain('cached:false'));
  sendMock.mockRejectedValue(
    new FetchError({ kind: 'invalid', system: 'Bao', url: 'reply to getRunData', issues: ['value: bad'] }),
  );
  await signal('2030-01-01T00:00:00Z');
  await waitFor(() => expect(views.at(-1)).toMatchObject({ kind: 'found', refreshFailure: { kind: 'invalid' } }));
});

test('the saved copy keeps at most a few runs, newest first, and a copy that does not parse is ignored', async () => {
  for (let i = 0; i < RUN_CACHE_LIMIT + 2; i++) await saveCachedRun(`RUN_${i}`, null, packRunData(runData()));
  const { runCache } = await fakeBrowser.storage.local.get('runCache');
  expect((runCache as { runName: string }[]).map((e) => e.runName)).toEqual([
    'RUN_6',
    'RUN_5',
    'RUN_4',
    'RUN_3',
    'RUN_2',
  ]);
  await saveCachedRun('BROKEN', null, { v: 1, run: { name: 7 } });
  expect(await readCachedRun('BROKEN', SavedRunData)).toBeNull();
  await fakeBrowser.storage.local.set({ runCache: 'not a list' });
  expect(await readCachedRun('RUN_6', SavedRunData)).toBeNull();
});

test('packing stores the run once and restores it on every row', () => {
  const data = runData();
  const packed = SavedRunData.parse(JSON.parse(JSON.stringify(packRunData(data))));
  expect(packed.fd.every((s) => s.run === null)).toBe(true);
  expect(unpackRunData(packed)).toEqual(data);
});
