import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MisoBatchesPanel, type MisoBatchesPanelProps } from '../../../components/popup/runs/miso-batches';
import { RunsTab } from '../../../entrypoints/popup/runs-tab';
import type { MisoBatchListing } from '../../../lib/messages/protocol';

const sendMock = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messages', () => ({ send: sendMock }));

afterEach(cleanup);

const RUN = '230105_A00469_0405_AHXXXXDSX3';

function batch(id: string, fields: Partial<MisoBatchListing> = {}): MisoBatchListing {
  return {
    id,
    runName: RUN,
    label: 'WGTS · WG',
    runLibraryIds: ['5476_1_LDI1', '5476_1_LDI2', '5476_2_LDI3'],
    request: { report: 'Bao', library_aliquots: [] },
    createdAt: '2026-03-02T10:00:00.000Z',
    tabId: null,
    state: 'waiting',
    postedAt: null,
    attempts: 0,
    rejection: null,
    stalled: false,
    ...fields,
  };
}

function setup(props: Partial<MisoBatchesPanelProps> = {}) {
  const all: MisoBatchesPanelProps = {
    batches: [batch('b-1')],
    busy: new Set(),
    error: null,
    onReopen: vi.fn(),
    onDiscard: vi.fn(),
    ...props,
  };
  const view = render(<MisoBatchesPanel {...all} />);
  const panel = () => view.container.querySelector<HTMLElement>('[data-bao="miso-batches"]');
  const lineOf = (id: string) => within(panel()!.querySelector<HTMLElement>(`[data-batch-id="${id}"]`)!);
  return { props: all, panel, lineOf, ...view };
}

describe('the panel', () => {
  test('absent while Bao keeps no batch', () => {
    expect(setup({ batches: [] }).panel()).toBeNull();
  });

  test('one line per batch: run name, label, how many run-libraries, in the order given', () => {
    const { panel } = setup({
      batches: [batch('b-1'), batch('b-2', { label: 'WGTS · WT', runLibraryIds: ['5476_1_LDI4'] })],
    });
    expect(panel()!.querySelector('h2')?.textContent).toBe('QC in MISO waiting');
    const lines = [...panel()!.querySelectorAll<HTMLElement>('[data-batch-id]')];
    expect(lines.map((l) => l.dataset.batchId)).toEqual(['b-1', 'b-2']);
    expect(lines[0].textContent).toContain(`${RUN} · WGTS · WG · 3 run-libraries · waiting for a MISO tab`);
    expect(lines[1].textContent).toContain(`${RUN} · WGTS · WT · 1 run-library · waiting for a MISO tab`);
  });

  test.each<[string, Partial<MisoBatchListing>, string, string]>([
    ['waiting', { state: 'waiting' }, 'waiting', 'waiting for a MISO tab'],
    [
      'posted a moment ago',
      { state: 'posted', postedAt: '2026-03-02T10:01:00.000Z', attempts: 1 },
      'posted',
      'sent, not yet shown by MISO',
    ],
    [
      'posted and stalled',
      { state: 'posted', postedAt: '2026-03-02T10:01:00.000Z', attempts: 1, stalled: true },
      'stalled',
      'sent, not yet shown by MISO (stalled after 10 min)',
    ],
    [
      'refused by MISO',
      { state: 'rejected', rejection: 'Run-library not found: 5476_99_LDI2', attempts: 1 },
      'rejected',
      'refused by MISO: Run-library not found: 5476_99_LDI2',
    ],
  ])('state in words: %s', (_label, fields, state, words) => {
    const { panel } = setup({ batches: [batch('b-1', fields)] });
    const line = panel()!.querySelector<HTMLElement>('[data-batch-id="b-1"]')!;
    expect(line.dataset.state).toBe(state);
    expect(line.querySelector('.bao-miso-batches__state')?.textContent).toBe(words);
  });

  test('"Open in MISO again" asks for that batch', () => {
    const { lineOf, props } = setup({ batches: [batch('b-1'), batch('b-2')] });
    fireEvent.click(lineOf('b-2').getByRole('button', { name: 'Open in MISO again' }));
    expect(props.onReopen).toHaveBeenCalledWith('b-2');
    expect(props.onDiscard).not.toHaveBeenCalled();
  });

  test('the buttons say which batch they are for', () => {
    const { lineOf } = setup();
    const description = lineOf('b-1').getByRole('button', { name: 'Discard' }).getAttribute('aria-describedby')!;
    expect(document.getElementById(description)?.textContent).toContain(`${RUN} · WGTS · WG`);
  });

  test('a failed action is said; the batch’s buttons wait while its action runs', () => {
    const { lineOf, panel } = setup({
      batches: [batch('b-1'), batch('b-2')],
      busy: new Set(['b-1']),
      error: 'MISO could not be reached.',
    });
    expect(within(panel()!).getByRole('alert').textContent).toBe('MISO could not be reached.');
    expect(lineOf('b-1').getByRole('button', { name: 'Open in MISO again' }).hasAttribute('disabled')).toBe(true);
    expect(lineOf('b-1').getByRole('button', { name: 'Discard' }).hasAttribute('disabled')).toBe(true);
    expect(lineOf('b-2').getByRole('button', { name: 'Discard' }).hasAttribute('disabled')).toBe(false);
  });
});

describe('Discard asks first', () => {
  test('Yes discards that batch', () => {
    const { lineOf, props } = setup({ batches: [batch('b-1'), batch('b-2')] });
    fireEvent.click(lineOf('b-1').getByRole('button', { name: 'Discard' }));
    expect(props.onDiscard).not.toHaveBeenCalled();
    expect(lineOf('b-1').getByRole('group').textContent).toContain('Discard? The selection is lost.');
    fireEvent.click(lineOf('b-1').getByRole('button', { name: 'Yes' }));
    expect(props.onDiscard).toHaveBeenCalledWith('b-1');
    expect(lineOf('b-2').queryByRole('group')).toBeNull();
  });

  test('No keeps it; the keyboard lands on No, then back on Discard', async () => {
    const { lineOf, props } = setup();
    fireEvent.click(lineOf('b-1').getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(document.activeElement).toBe(lineOf('b-1').getByRole('button', { name: 'No' })));
    fireEvent.click(lineOf('b-1').getByRole('button', { name: 'No' }));
    expect(lineOf('b-1').queryByRole('group')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(lineOf('b-1').getByRole('button', { name: 'Discard' })));
    expect(props.onDiscard).not.toHaveBeenCalled();
  });

  test('Escape keeps it', () => {
    const { lineOf, props } = setup();
    fireEvent.click(lineOf('b-1').getByRole('button', { name: 'Discard' }));
    fireEvent.keyDown(lineOf('b-1').getByRole('button', { name: 'Yes' }), { key: 'Escape' });
    expect(lineOf('b-1').queryByRole('group')).toBeNull();
    expect(props.onDiscard).not.toHaveBeenCalled();
  });
});

describe('RunsTab wiring', () => {
  let kept: MisoBatchListing[];

  beforeEach(async () => {
    fakeBrowser.reset();
    sendMock.mockReset();
    kept = [batch('b-1'), batch('b-2', { state: 'rejected', rejection: 'Run-library not found' })];
    sendMock.mockImplementation(async (type: string, data?: { batchId: string }) => {
      if (type === 'getNotifications') return { asOf: null, stale: false, runs: [] };
      if (type === 'listMisoBatches') return { ok: true, value: kept };
      if (type === 'discardMisoBatch') {
        kept = kept.filter((b) => b.id !== data!.batchId);
        return { ok: true, value: { discarded: true } };
      }
      if (type === 'reopenMisoBatch')
        return {
          ok: false,
          failure: { kind: 'internal', system: 'MISO', url: 'MISO address', detail: 'none is set in Bao’s options' },
        };
      throw new Error(`unexpected message ${type}`);
    });
    await fakeBrowser.storage.local.set({ settings: { misoUrl: 'https://miso.lab.org' } });
  });
  afterEach(() => vi.useRealTimers());

  const panel = (container: Element) => container.querySelector<HTMLElement>('[data-bao="miso-batches"]');
  const ids = (container: Element) =>
    [...(panel(container)?.querySelectorAll<HTMLElement>('[data-batch-id]') ?? [])].map((l) => l.dataset.batchId);

  test('the kept batches above the runs when the popup opens; Discard, once confirmed, removes one', async () => {
    const { container } = render(<RunsTab dataVersion={null} onCount={vi.fn()} />);
    await waitFor(() => expect(ids(container)).toEqual(['b-1', 'b-2']));
    expect(panel(container)!.nextElementSibling?.getAttribute('data-bao')).toBe('runs-view');

    const line = within(panel(container)!.querySelector<HTMLElement>('[data-batch-id="b-2"]')!);
    fireEvent.click(line.getByRole('button', { name: 'Discard' }));
    fireEvent.click(line.getByRole('button', { name: 'Yes' }));
    await waitFor(() => expect(ids(container)).toEqual(['b-1']));
    expect(sendMock).toHaveBeenCalledWith('discardMisoBatch', { batchId: 'b-2' });
  });

  test('"Open in MISO again" asks the background; its refusal is shown', async () => {
    const { container } = render(<RunsTab dataVersion={null} onCount={vi.fn()} />);
    await waitFor(() => expect(ids(container)).toEqual(['b-1', 'b-2']));
    fireEvent.click(within(panel(container)!).getAllByRole('button', { name: 'Open in MISO again' })[0]);
    expect(sendMock).toHaveBeenCalledWith('reopenMisoBatch', { batchId: 'b-1' });
    await waitFor(() =>
      expect(within(panel(container)!).getByRole('alert').textContent).toBe(
        'Bao could not use its MISO address: none is set in Bao’s options.',
      ),
    );
  });

  test('followed while any is kept: the panel goes once MISO has shown the last batch', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { container } = render(<RunsTab dataVersion={null} onCount={vi.fn()} />);
    await waitFor(() => expect(ids(container)).toEqual(['b-1', 'b-2']));
    kept = [];
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3500);
    });
    await waitFor(() => expect(panel(container)).toBeNull());
    const lists = sendMock.mock.calls.filter(([type]) => type === 'listMisoBatches').length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000);
    });
    expect(sendMock.mock.calls.filter(([type]) => type === 'listMisoBatches')).toHaveLength(lists);
  });
});
