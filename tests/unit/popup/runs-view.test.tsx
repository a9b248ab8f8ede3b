import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RunHeaderSummary } from '../../../components/run-overlay/run-header';
import { runQcStatus, type RunLinks, type RunList, type RunRow } from '../../../components/popup/runs/run-rows';
import { RunsView, type RunsViewProps } from '../../../components/popup/runs/runs-view';
import { RunsTab } from '../../../entrypoints/popup/runs-tab';
import type { Failure } from '../../../lib/net/failure';

const sendMock = vi.hoisted(() => vi.fn());
// The Runs tab also asks for trend warnings (sendResult): none here.
vi.mock('../../../lib/messages', () => ({ send: sendMock, sendResult: async () => ({ ok: true, value: [] }) }));

const JIRA = 'https://jira.lab.org';
const MISO = 'https://miso.lab.org';
const links: RunLinks = { jiraUrl: JIRA, misoUrl: MISO, keeperEnabled: true };

function row(runName: string, fields: Partial<RunRow> = {}): RunRow {
  return {
    runName,
    completionDate: '2024-03-01',
    runQc: {
      qcPassed: null,
      qcUser: null,
      qcDate: null,
      dataReviewPassed: null,
      dataReviewUser: null,
      dataReviewDate: null,
    },
    pendingAnalysis: 0,
    pendingQc: 1,
    pendingDataReview: 0,
    runState: 1,
    requiresAction: true,
    issueKey: null,
    issueState: null,
    ...fields,
  };
}

const list = (runs: RunRow[], extra: Partial<RunList> = {}): RunList => ({
  asOf: '2024-03-05T14:30:00Z',
  stale: false,
  runs,
  ...extra,
});

function setup(props: Partial<RunsViewProps> = {}) {
  const all: RunsViewProps = {
    list: list([]),
    error: null,
    links,
    onOpen: vi.fn(),
    onCopy: vi.fn(async () => undefined),
    ...props,
  };
  const view = render(<RunsView {...all} />);
  const root = view.container.querySelector<HTMLElement>('[data-bao="runs-view"]')!;
  const rowOf = (name: string) => root.querySelector<HTMLTableRowElement>(`tr[data-run-name="${name}"]`)!;
  const names = () => [...root.querySelectorAll<HTMLElement>('tbody tr')].map((tr) => tr.dataset.runName);
  const count = (name: string, which: string) => rowOf(name).querySelector<HTMLElement>(`[data-count="${which}"]`)!;
  return { props: all, root, rowOf, names, count, ...view };
}

afterEach(cleanup);

describe('columns and shading (docs/notifications-and-tickets.md#counts)', () => {
  test.each<[string, keyof RunRow, string, boolean]>([
    ['pending analysis is never shaded', 'pendingAnalysis', 'pending-analysis', false],
    ['pending QC is yellow when > 0', 'pendingQc', 'pending-qc', true],
    ['pending data review is yellow when > 0', 'pendingDataReview', 'pending-data-review', true],
  ])('%s', (_label, field, cell, shades) => {
    const { count } = setup({
      list: list([
        row('R_SOME', { pendingAnalysis: 0, pendingQc: 0, pendingDataReview: 0, [field]: 7 }),
        row('R_NONE', { pendingQc: 0 }),
      ]),
    });
    expect(count('R_SOME', cell).textContent).toBe('7');
    expect(count('R_SOME', cell).dataset.shade).toBe(shades ? 'yellow' : 'none');
    expect(count('R_SOME', cell).classList.contains('bao-shade--yellow')).toBe(shades);
    expect(count('R_NONE', cell).textContent).toBe('0');
    expect(count('R_NONE', cell).dataset.shade).toBe('none');
  });

  test.each<[string, Partial<RunRow['runQc']>, string, string, string]>([
    ['no QC yet → Pending QC', { qcPassed: null }, 'qc', 'Pending QC', 'yellow'],
    [
      'QC passed, no data review date → Pending data review',
      { qcPassed: true, qcDate: '2024-03-02' },
      'dataReview',
      'Pending data review',
      'yellow',
    ],
    [
      'QC failed, no data review date → Pending data review',
      { qcPassed: false, qcDate: '2024-03-02' },
      'dataReview',
      'Pending data review',
      'yellow',
    ],
    [
      'QC and data review passed → Approved',
      { qcPassed: true, dataReviewPassed: true, dataReviewDate: '2024-03-03' },
      'passed',
      'Approved',
      'none',
    ],
    [
      'data review failed → Failed',
      { qcPassed: true, dataReviewPassed: false, dataReviewDate: '2024-03-03' },
      'failed',
      'Failed',
      'red',
    ],
    [
      'QC failed and reviewed → Failed',
      { qcPassed: false, dataReviewPassed: true, dataReviewDate: '2024-03-03' },
      'failed',
      'Failed',
      'red',
    ],
  ])('Run QC: %s, with an icon and the label', (_label, runQc, key, label, shade) => {
    const base = row('R1').runQc;
    const { rowOf } = setup({ list: list([row('R1', { runQc: { ...base, ...runQc } })]) });
    const cell = rowOf('R1').querySelector<HTMLElement>('[data-status]')!;
    expect(cell.dataset.status).toBe(key);
    expect(cell.dataset.shade).toBe(shade);
    expect(cell.textContent).toContain(label);
    const glyph = cell.querySelector('[aria-hidden="true"]');
    expect(glyph?.textContent?.trim()).not.toBe('');
  });

  test.each<[string, Partial<RunRow['runQc']>, string]>([
    ['Pending QC', { qcPassed: null }, '⌕'],
    ['Pending data review', { qcPassed: true, qcDate: '2024-03-02' }, '◎'],
    ['Approved', { qcPassed: true, dataReviewPassed: true, dataReviewDate: '2024-03-03' }, '✓'],
    ['Failed', { qcPassed: true, dataReviewPassed: false, dataReviewDate: '2024-03-03' }, '✕'],
  ])('Run QC %s has the glyph the run overlay shows for that status', (_label, runQc, glyph) => {
    const merged = { ...row('R1').runQc, ...runQc };
    const { rowOf } = setup({ list: list([row('R1', { runQc: merged })]) });
    const popupGlyph = rowOf('R1').querySelector('[data-status] [aria-hidden="true"]')?.textContent;
    const header = render(
      <RunHeaderSummary
        header={{
          runName: 'R1',
          status: runQcStatus(merged),
          flowCell: null,
          parameters: null,
          asOf: null,
          stale: false,
        }}
        misoUrl=""
        onMisoRunPage={false}
        cached={false}
      />,
    );
    const overlayGlyph = header.container.querySelector('[data-run-status] [aria-hidden="true"]')?.textContent;
    expect(popupGlyph).toBe(glyph);
    expect(overlayGlyph).toBe(glyph);
  });

  test('the headers name every column of the Active Notifications page', () => {
    setup({ list: list([row('R1')]) });
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent?.replace(/[▲▼↕]/g, '').trim());
    expect(headers).toEqual([
      'Run',
      'Completion Date',
      'Run QC',
      'Libraries pending',
      'Issue',
      'Analysis',
      'QC',
      'Data review',
    ]);
    for (const name of ['Libraries Pending Analysis', 'Libraries Pending QC', 'Libraries Pending Data Review']) {
      expect(screen.getByRole('button', { name: `Sort by ${name}` })).toBeTruthy();
    }
  });

  test('the run name links to its ticket, next to a MISO link and a copy button; the full name is in a title', async () => {
    const name = '221108_NB551056_0269_AHFF3LBGXM';
    const { rowOf, props } = setup({ list: list([row(name, { issueKey: 'GLT-12', issueState: 'OPEN' })]) });
    const r = within(rowOf(name));
    const run = r.getByText(name);
    expect(run.closest('a')?.getAttribute('href')).toBe(`${JIRA}/browse/GLT-12`);
    expect(run.closest('a')?.getAttribute('target')).toBe('_blank');
    expect(run.getAttribute('title')).toContain(name);
    const miso = r.getByRole('link', { name: `Open ${name} in MISO` });
    expect(miso.getAttribute('href')).toBe(`${MISO}/run/alias/${name}`);
    expect(miso.getAttribute('target')).toBe('_blank');
    fireEvent.click(r.getByRole('button', { name: `Copy run name ${name}` }));
    expect(props.onCopy).toHaveBeenCalledWith(name);
    await waitFor(() => expect(screen.getByText(`Copied ${name}`)).toBeTruthy());
  });

  test('without a ticket the run name is plain text (with its full name in a title)', () => {
    const { rowOf } = setup({ list: list([row('R1')]) });
    const run = within(rowOf('R1')).getByText('R1');
    expect(run.closest('a')).toBeNull();
    expect(run.getAttribute('title')).toBe('R1');
  });

  test('a date-time completion date shows as the day', () => {
    const { rowOf } = setup({ list: list([row('R1', { completionDate: '2022-11-09T08:15:00Z' })]) });
    expect(within(rowOf('R1')).getByText('2022-11-09')).toBeTruthy();
  });
});

describe('Issue column', () => {
  test('a key links to the ticket in Jira in a new tab', () => {
    const { rowOf } = setup({ list: list([row('R1', { issueKey: 'GLT-7', issueState: 'OPEN' })]) });
    const cell = rowOf('R1').querySelector<HTMLElement>('[data-issue]')!;
    expect(cell.dataset.issue).toBe('ticket');
    const link = within(cell).getByRole('link', { name: 'GLT-7' });
    expect(link.getAttribute('href')).toBe(`${JIRA}/browse/GLT-7`);
    expect(link.getAttribute('target')).toBe('_blank');
  });

  test.each<[NonNullable<RunRow['issueState']>, string]>([
    ['PAUSED', 'closed Incomplete'],
    ['CLOSED', 'closed Done'],
    ['OVERRIDDEN', 'closed Won’t Do'],
  ])('a %s ticket says so next to its key', (issueState, text) => {
    const { rowOf } = setup({ list: list([row('R1', { issueKey: 'GLT-7', issueState })]) });
    expect(rowOf('R1').querySelector('[data-issue]')!.textContent).toBe(`GLT-7 ${text}`);
  });

  test('no key with the keeper on: a dash that says there is no ticket yet', () => {
    const { rowOf } = setup({ list: list([row('R1')]) });
    const cell = rowOf('R1').querySelector<HTMLElement>('[data-issue]')!;
    expect(cell.dataset.issue).toBe('none');
    expect(cell.getAttribute('title')).toBe('no ticket yet');
    expect(cell.textContent).toContain('—');
    expect(within(cell).queryByRole('link')).toBeNull();
  });

  test('no key with the keeper off: a dash that says why', () => {
    const { rowOf } = setup({ list: list([row('R1')]), links: { ...links, keeperEnabled: false } });
    expect(rowOf('R1').querySelector('[data-issue]')!.getAttribute('title')).toMatch(/keeper is off/);
  });

  test('rows from before the ticket fields existed still render', () => {
    const { issueKey: _k, issueState: _s, ...old } = row('R1');
    const { rowOf } = setup({ list: list([old]) });
    expect(rowOf('R1').querySelector<HTMLElement>('[data-issue]')!.dataset.issue).toBe('none');
  });

  test('Jira not configured: "N/A" on grey, even with a key, and no ticket link on the run', () => {
    const { rowOf } = setup({ list: list([row('R1', { issueKey: 'GLT-7' })]), links: { ...links, jiraUrl: '' } });
    const cell = rowOf('R1').querySelector<HTMLElement>('[data-issue]')!;
    expect(cell.textContent).toBe('N/A');
    expect(cell.classList.contains('bao-shade--grey')).toBe(true);
    expect(within(rowOf('R1')).getByText('R1').closest('a')).toBeNull();
  });

  test('MISO not configured: no MISO link', () => {
    const { rowOf } = setup({ list: list([row('R1')]), links: { ...links, misoUrl: '' } });
    expect(within(rowOf('R1')).queryByRole('link', { name: /MISO/ })).toBeNull();
  });
});

describe('sorting', () => {
  const runs = [
    row('B_RUN', { completionDate: '2024-01-10', pendingQc: 5, pendingAnalysis: 1, pendingDataReview: 0 }),
    row('D_RUN', { completionDate: null, pendingQc: 0, pendingAnalysis: 0, pendingDataReview: 2 }),
    row('A_RUN', { completionDate: '2024-03-01', pendingQc: 2, pendingAnalysis: 3, pendingDataReview: 9 }),
    row('C_RUN', { completionDate: '2023-12-31', pendingQc: 2, pendingAnalysis: 0, pendingDataReview: 1 }),
  ];
  const sortBy = (name: string) => fireEvent.click(screen.getByRole('button', { name: `Sort by ${name}` }));
  const sortState = (name: string) =>
    screen
      .getByRole('button', { name: `Sort by ${name}` })
      .closest('th')!
      .getAttribute('aria-sort');

  test('by default: Completion Date, latest first, runs without a date first', () => {
    const { names } = setup({ list: list(runs) });
    expect(names()).toEqual(['D_RUN', 'A_RUN', 'B_RUN', 'C_RUN']);
    expect(sortState('Completion Date')).toBe('descending');
  });

  test('Completion Date again: earliest first, runs without a date last', () => {
    const { names } = setup({ list: list(runs) });
    sortBy('Completion Date');
    expect(names()).toEqual(['C_RUN', 'B_RUN', 'A_RUN', 'D_RUN']);
    expect(sortState('Completion Date')).toBe('ascending');
  });

  test('Run: A to Z, then Z to A', () => {
    const { names } = setup({ list: list(runs) });
    sortBy('Run');
    expect(names()).toEqual(['A_RUN', 'B_RUN', 'C_RUN', 'D_RUN']);
    expect(sortState('Run')).toBe('ascending');
    expect(sortState('Completion Date')).toBe('none');
    sortBy('Run');
    expect(names()).toEqual(['D_RUN', 'C_RUN', 'B_RUN', 'A_RUN']);
  });

  test.each<[string, string[], string[]]>([
    ['Libraries Pending Analysis', ['A_RUN', 'B_RUN', 'C_RUN', 'D_RUN'], ['C_RUN', 'D_RUN', 'B_RUN', 'A_RUN']],
    ['Libraries Pending QC', ['B_RUN', 'A_RUN', 'C_RUN', 'D_RUN'], ['D_RUN', 'A_RUN', 'C_RUN', 'B_RUN']],
    ['Libraries Pending Data Review', ['A_RUN', 'D_RUN', 'C_RUN', 'B_RUN'], ['B_RUN', 'C_RUN', 'D_RUN', 'A_RUN']],
  ])('%s: high to low, then low to high (ties by run name)', (column, high, low) => {
    const { names } = setup({ list: list(runs) });
    sortBy(column);
    expect(names()).toEqual(high);
    expect(sortState(column)).toBe('descending');
    sortBy(column);
    expect(names()).toEqual(low);
  });
});

describe('filters', () => {
  const runs = [
    row('221108_NB551056_0269_AHFF3LBGXM', {
      completionDate: '2022-11-09',
      pendingQc: 2,
      pendingDataReview: 0,
      runState: 2,
    }),
    row('220120_A00469_0263_AH3YMFDSX3', {
      completionDate: '2022-01-22',
      pendingQc: 0,
      pendingDataReview: 1,
      runState: 3,
    }),
    row('211223_A00469_0261_BHL5LHDSX2', {
      completionDate: '2021-12-25',
      pendingQc: 0,
      pendingDataReview: 0,
      runState: 1,
    }),
    row('200101_M00146_0001_000000000-ANALYSIS', {
      completionDate: '2020-01-02',
      pendingQc: 0,
      pendingDataReview: 0,
      pendingAnalysis: 4,
      runState: 3,
      requiresAction: false,
    }),
  ];
  const type = (text: string) =>
    fireEvent.input(screen.getByRole('searchbox', { name: 'Filter runs by name' }), { target: { value: text } });

  test.each<[string, string, string[]]>([
    ['a prefix', '2201', ['220120_A00469_0263_AH3YMFDSX3']],
    ['any part, any case', 'a00469', ['220120_A00469_0263_AH3YMFDSX3', '211223_A00469_0261_BHL5LHDSX2']],
    ['surrounding spaces are ignored', '  ahff3 ', ['221108_NB551056_0269_AHFF3LBGXM']],
  ])('the name filter matches %s', (_label, text, expected) => {
    const { names } = setup({ list: list(runs) });
    type(text);
    expect(names()).toEqual(expected);
    expect(screen.getByText(`${expected.length} of 4 runs`)).toBeTruthy();
  });

  test('"needs action only" is on by default, as on Dimsum’s page; turning it off shows the others', () => {
    const { names } = setup({ list: list(runs) });
    expect(names()).not.toContain('200101_M00146_0001_000000000-ANALYSIS');
    const toggle = screen.getByRole('checkbox', { name: 'Needs action only' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(names()).toContain('200101_M00146_0001_000000000-ANALYSIS');
    expect(names()).toHaveLength(4);
  });

  test.each<[string, string[]]>([
    ['Pending QC', ['221108_NB551056_0269_AHFF3LBGXM', '211223_A00469_0261_BHL5LHDSX2']],
    ['Pending data review', ['221108_NB551056_0269_AHFF3LBGXM', '220120_A00469_0263_AH3YMFDSX3']],
    ['All', ['221108_NB551056_0269_AHFF3LBGXM', '220120_A00469_0263_AH3YMFDSX3', '211223_A00469_0261_BHL5LHDSX2']],
  ])('quick filter %s: libraries or the run itself waiting for that sign-off', (label, expected) => {
    const { names } = setup({ list: list(runs) });
    fireEvent.click(screen.getByRole('radio', { name: 'Pending QC' }));
    fireEvent.click(screen.getByRole('radio', { name: label }));
    expect(names()).toEqual(expected);
  });

  test('no match: says so and offers to clear the filters', () => {
    const { names, root } = setup({ list: list(runs) });
    type('nothing-like-this');
    expect(names()).toEqual([]);
    expect(within(root).getByText('No run matches the filters.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(names()).toHaveLength(3);
  });
});

describe('states', () => {
  test('loading: skeleton rows, busy, no table', () => {
    const { root } = setup({ list: null });
    expect(root.dataset.state).toBe('loading');
    expect(root.querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(root.querySelectorAll('.bao-runs-skeleton__row').length).toBeGreaterThan(0);
    expect(screen.getByText('Loading runs…')).toBeTruthy();
    expect(root.querySelector('table')).toBeNull();
  });

  test('error before any data: the failure in words', () => {
    const failure: Failure = {
      kind: 'invalid',
      system: 'Bao',
      url: 'reply to getNotifications',
      issues: ['runs[0].pendingQc: Invalid input'],
    };
    const { root } = setup({ list: null, error: failure });
    expect(root.dataset.state).toBe('error');
    expect(screen.getByRole('alert').textContent).toBe(
      'Bao sent data Bao does not understand: runs[0].pendingQc: Invalid input.',
    );
    expect(root.querySelector('[aria-busy]')).toBeNull();
  });

  test('error on a refresh: the runs loaded before stay, under the error', () => {
    const { names } = setup({ list: list([row('R1')]), error: 'Bao’s background did not answer: Error: gone' });
    expect(screen.getByRole('alert').textContent).toContain('Bao’s background did not answer: Error: gone');
    expect(names()).toEqual(['R1']);
  });

  test('empty: nothing waits, with the time of the data', () => {
    const { root } = setup({ list: list([], { asOf: '2024-03-05T14:30:00' }) });
    const empty = root.querySelector('[data-bao="runs-empty"]')!;
    expect(empty.textContent).toContain('Nothing waits for a run sign-off.');
    expect(empty.textContent).toContain('Data as of 2024-03-05 14:30');
    expect(root.querySelector('table')).toBeNull();
    expect(screen.queryByRole('searchbox')).toBeNull();
  });

  test('empty apart from runs that need no action: offers to show them', () => {
    const { names, root } = setup({
      list: list([row('R1', { requiresAction: false, pendingQc: 0, pendingAnalysis: 2 })]),
    });
    expect(root.textContent).toContain('Nothing waits for a run sign-off.');
    fireEvent.click(screen.getByRole('button', { name: 'Show 1 run waiting only for analysis' }));
    expect(names()).toEqual(['R1']);
  });

  test('stale: marked, with the time of the last good data', () => {
    const { root } = setup({ list: list([row('R1')], { stale: true, asOf: '2024-03-05T14:30:00' }) });
    const marker = root.querySelector('[data-bao="runs-stale"]')!;
    expect(marker.textContent).toContain('Stale');
    expect(marker.textContent).toContain('2024-03-05 14:30');
  });

  test('fresh data has no stale marker', () => {
    const { root } = setup({ list: list([row('R1')]) });
    expect(root.querySelector('[data-bao="runs-stale"]')).toBeNull();
  });
});

describe('keyboard', () => {
  const runs = [
    row('R_TICKET', { completionDate: '2024-03-03', issueKey: 'GLT-3' }),
    row('R_NO_TICKET', { completionDate: '2024-03-02' }),
    row('R_LAST', { completionDate: '2024-03-01' }),
  ];

  test('the list is one tab stop: the first row, then its own links', () => {
    const { rowOf } = setup({ list: list(runs) });
    expect(rowOf('R_TICKET').tabIndex).toBe(0);
    expect(rowOf('R_NO_TICKET').tabIndex).toBe(-1);
    expect(within(rowOf('R_TICKET')).getByRole('link', { name: 'Open R_TICKET in MISO' }).tabIndex).toBe(0);
    expect(within(rowOf('R_NO_TICKET')).getByRole('link', { name: 'Open R_NO_TICKET in MISO' }).tabIndex).toBe(-1);
  });

  test('arrow keys move between rows, and the focused row becomes the tab stop', async () => {
    const { rowOf } = setup({ list: list(runs) });
    act(() => rowOf('R_TICKET').focus());
    fireEvent.keyDown(rowOf('R_TICKET'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rowOf('R_NO_TICKET'));
    await waitFor(() => expect(rowOf('R_NO_TICKET').tabIndex).toBe(0));
    expect(rowOf('R_TICKET').tabIndex).toBe(-1);
    fireEvent.keyDown(rowOf('R_NO_TICKET'), { key: 'End' });
    expect(document.activeElement).toBe(rowOf('R_LAST'));
    fireEvent.keyDown(rowOf('R_LAST'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rowOf('R_LAST'));
    fireEvent.keyDown(rowOf('R_LAST'), { key: 'ArrowUp' });
    expect(document.activeElement).toBe(rowOf('R_NO_TICKET'));
    fireEvent.keyDown(rowOf('R_NO_TICKET'), { key: 'Home' });
    expect(document.activeElement).toBe(rowOf('R_TICKET'));
  });

  test('Enter opens the focused run’s ticket', () => {
    const { rowOf, props } = setup({ list: list(runs) });
    fireEvent.keyDown(rowOf('R_TICKET'), { key: 'Enter' });
    expect(props.onOpen).toHaveBeenCalledWith(`${JIRA}/browse/GLT-3`);
  });

  test('Enter on a run without a ticket opens its MISO page', () => {
    const { rowOf, props } = setup({ list: list(runs) });
    fireEvent.keyDown(rowOf('R_NO_TICKET'), { key: 'Enter' });
    expect(props.onOpen).toHaveBeenCalledWith(`${MISO}/run/alias/R_NO_TICKET`);
  });

  test('Enter follows the sorted order, not the order the rows arrived in', () => {
    const { rowOf, props } = setup({ list: list(runs) });
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Run' }));
    fireEvent.keyDown(rowOf('R_LAST'), { key: 'Enter' });
    expect(props.onOpen).toHaveBeenCalledWith(`${MISO}/run/alias/R_LAST`);
  });

  test('Enter on a link inside a row is left to the link', () => {
    const { rowOf, props } = setup({ list: list(runs) });
    fireEvent.keyDown(within(rowOf('R_TICKET')).getByRole('link', { name: 'Open R_TICKET in MISO' }), { key: 'Enter' });
    expect(props.onOpen).not.toHaveBeenCalled();
  });
});

describe('RunsTab wiring', () => {
  const answer = (runs: RunRow[], asOf: string): RunList => ({ asOf, stale: false, runs });

  /** `getNotifications` answers in turn; the QC-in-MISO panel above the runs finds no batch. */
  const notifications = vi.fn();

  beforeEach(async () => {
    fakeBrowser.reset();
    sendMock.mockReset();
    notifications.mockReset();
    sendMock.mockImplementation((type: string) =>
      type === 'getNotifications' ? notifications() : Promise.resolve({ ok: true, value: [] }),
    );
    await fakeBrowser.storage.local.set({ settings: { jiraUrl: JIRA, misoUrl: MISO, keeperEnabled: true } });
  });

  test('loads on mount, reports the runs needing action, and reloads when the document changes', async () => {
    notifications.mockResolvedValueOnce(answer([row('R1'), row('R2', { requiresAction: false })], 't1'));
    const onCount = vi.fn();
    const view = render(<RunsTab dataVersion="t1" onCount={onCount} />);
    await waitFor(() => expect(view.container.querySelector('tr[data-run-name="R1"]')).not.toBeNull());
    expect(sendMock).toHaveBeenCalledWith('getNotifications');
    expect(onCount).toHaveBeenLastCalledWith(1);
    expect(
      view.container.querySelector('tr[data-run-name="R1"] a[href="https://miso.lab.org/run/alias/R1"]'),
    ).not.toBeNull();

    notifications.mockResolvedValueOnce(answer([row('R1'), row('R3'), row('R4')], 't2'));
    view.rerender(<RunsTab dataVersion="t2" onCount={onCount} />);
    await waitFor(() => expect(view.container.querySelector('tr[data-run-name="R4"]')).not.toBeNull());
    expect(notifications).toHaveBeenCalledTimes(2);
    expect(onCount).toHaveBeenLastCalledWith(3);
  });

  test('a failed load shows why', async () => {
    notifications.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    render(<RunsTab dataVersion={null} onCount={vi.fn()} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Receiving end does not exist'));
  });
});
