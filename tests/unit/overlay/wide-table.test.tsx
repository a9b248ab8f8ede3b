import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { HEADER_LINES, metricWidth, wrapLabel } from '../../../components/run-overlay/grid-columns';
import { RunOverlay, type RunOverlayProps } from '../../../components/run-overlay/run-overlay';
import {
  DEFAULT_TABLE_PREFS,
  assayKey,
  parseTablePrefs,
  withHidden,
  type TablePrefs,
} from '../../../lib/run-table/table-prefs';
import { RUN_NAME, runData } from './run-data';

// Issue 10: a wide run table on a real screen — Issues column, column chooser, density, legend, departures.

afterEach(cleanup);

function setup(overrides: Partial<RunOverlayProps> = {}) {
  const data = runData();
  const props: RunOverlayProps = {
    runName: RUN_NAME,
    view: { kind: 'found', data, failure: null, cached: false, refreshFailure: null },
    misoUrl: 'https://miso.lab.org',
    onMisoRunPage: false,
    grouping: 'by-assay-and-design',
    onOpenQcInMiso: vi.fn(async () => ({ ok: true as const, opened: 1 })),
    onCopy: vi.fn(async () => undefined),
    onSaveFile: vi.fn(),
    ...overrides,
  };
  const view = render(<RunOverlay {...props} />);
  const fd = () => view.container.querySelector<HTMLElement>('[data-bao="run-table-fd"]')!;
  const row = (id: string) => fd().querySelector<HTMLElement>(`[data-run-library="${id}"]`)!;
  const issues = (id: string) => row(id).querySelector<HTMLElement>('[data-bao="issues"]')!;
  const metrics = () => [...fd().querySelectorAll('[role="columnheader"] .bao-head__label')].map((l) => l.textContent);
  const focused = () => document.activeElement as HTMLElement;
  const key = (k: string) => fireEvent.keyDown(focused(), { key: k });
  return { props, fd, row, issues, metrics, focused, key };
}

describe('the Issues column', () => {
  test.each([
    ['a failing row', '5476_1_LDI102', '1', '✕1', 'Issues: 1 failing. Enter goes to the first'],
    ['a pending value', '5476_2_LDI103', '1', '?1', 'Issues: 1 unavailable. Enter goes to the first'],
    [
      'a preliminary value counts as unavailable',
      '5476_2_LDI104',
      '1',
      '?1',
      'Issues: 1 unavailable. Enter goes to the first',
    ],
    ['a passing row', '5476_1_LDI101', '0', '–', 'No failing or unavailable metrics'],
    ['a row without assay (all N/A)', '5476_2_LDI106', '0', '–', 'No failing or unavailable metrics'],
  ])('%s', (_label, id, count, text, label) => {
    const { issues } = setup();
    expect(issues(id).dataset.issues).toBe(count);
    expect(issues(id).textContent).toBe(text);
    expect(issues(id).getAttribute('aria-label')).toBe(label);
  });

  test('a click on it focuses the first failing cell, which names metric, value and outcome', () => {
    const { issues, focused } = setup();
    fireEvent.click(issues('5476_1_LDI102'));
    expect(focused().dataset.metric).toBe('Mean Coverage Deduplicated');
    expect(focused().getAttribute('aria-label')).toBe('Mean Coverage Deduplicated: 30, fails');
    // The tooltip describes the focused cell too.
    expect(screen.getByRole('tooltip').id).toBe(focused().getAttribute('aria-describedby'));
  });

  test('Enter on it, or i anywhere in the row, goes to the first issue', () => {
    const { issues, focused, key } = setup();
    act(() => issues('5476_2_LDI103').focus());
    key('Enter');
    expect(focused().dataset.qc).toBe('unavailable');
    expect(focused().closest('[data-run-library]')!.getAttribute('data-run-library')).toBe('5476_2_LDI103');
    key('ArrowLeft');
    key('ArrowLeft');
    expect(focused().dataset.metric).toBeUndefined();
    key('i');
    expect(focused().dataset.metric).toBe('Mean Coverage Deduplicated');
  });

  test('issues in hidden columns still count, and say where they are', () => {
    const prefs: TablePrefs = {
      density: 'comfortable',
      hidden: { 'fd:1,2': { metrics: ['Mean Coverage Deduplicated'], details: [] } },
    };
    const { issues } = setup({ tablePrefs: prefs });
    expect(issues('5476_1_LDI102').dataset.issues).toBe('1');
    expect(issues('5476_1_LDI102').getAttribute('aria-label')).toBe('Issues: 1 failing, all in hidden columns');
  });
});

describe('column chooser and density', () => {
  test('hiding a metric removes its column and reports the choice for the table’s assays', () => {
    const onTablePrefs = vi.fn();
    const { fd, metrics } = setup({ onTablePrefs });
    expect(within(fd()).getByText('4 of 4 metrics')).toBeTruthy();
    fireEvent.click(within(fd()).getByLabelText('Duplication Rate'));
    expect(metrics()).not.toContain('Duplication Rate');
    expect(fd().querySelector('[data-metric="Duplication Rate"]')).toBeNull();
    expect(onTablePrefs).toHaveBeenLastCalledWith({
      density: 'comfortable',
      hidden: { 'fd:1,2': { metrics: ['Duplication Rate'], details: [] } },
    });
    fireEvent.click(within(fd()).getByLabelText('Project'));
    expect(metrics()).not.toContain('Project');
    fireEvent.click(within(fd()).getByText('Show all columns'));
    expect(metrics()).toContain('Duplication Rate');
    expect(metrics()).toContain('Project');
  });

  test('remembered choices apply on the first render', () => {
    const prefs: TablePrefs = {
      density: 'compact',
      hidden: { 'fd:1,2': { metrics: ['Mean Insert Size'], details: ['tissue', 'activity'] } },
    };
    const { fd, metrics } = setup({ tablePrefs: prefs });
    expect(metrics()).not.toContain('Mean Insert Size');
    expect(metrics()).not.toContain('Tissue Attributes');
    expect(metrics()).not.toContain('Latest Activity');
    expect(within(fd()).getByText('3 of 4 metrics')).toBeTruthy();
    expect(fd().querySelector<HTMLElement>('[data-run-library]')!.style.height).toBe('24px');
  });

  test('the density toggle makes rows compact', () => {
    const onTablePrefs = vi.fn();
    const { fd } = setup({ onTablePrefs });
    const toggle = fd().querySelector<HTMLElement>('[data-bao="density"]')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(fd().querySelector<HTMLElement>('[data-run-library]')!.style.height).toBe('30px');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(fd().querySelector<HTMLElement>('[data-run-library]')!.style.height).toBe('24px');
    expect(onTablePrefs).toHaveBeenLastCalledWith({ density: 'compact', hidden: {} });
  });
});

describe('legend and departures', () => {
  test('the legend explains the marks, the preliminary P included, without hovering', () => {
    const { fd } = setup();
    const legend = fd().querySelector<HTMLElement>('[data-bao="legend"]')!;
    expect(legend.textContent).toContain('P preliminary value: not final, so not judged yet');
    expect(legend.textContent).toContain('✕ fails its threshold');
  });

  test('an rRNA cell says where it differs from Dimsum', () => {
    const { row } = setup();
    act(() => row('5476_1_LDI105').querySelector<HTMLElement>('[data-metric="rRNA Contamination"]')!.focus());
    expect(screen.getByRole('tooltip').textContent).toContain('Differs from Dimsum: Dimsum shows “Pending analysis”');
    act(() => row('5476_1_LDI105').querySelector<HTMLElement>('[data-metric="Mean Insert Size"]')!.focus());
    expect(screen.getByRole('tooltip').textContent).not.toContain('Differs from Dimsum');
  });
});

describe('header widths', () => {
  test.each([
    'Relative CpG Frequency in Regions vs Reference',
    'Mean Coverage Deduplicated',
    'Duplication Rate',
    'Adaptor Contamination',
    'Sample Authenticated',
    'Min Reads Delivered (PF)',
    'Total Clusters (Passed Filter)',
  ])('%s fits its header without breaking a word', (label) => {
    const width = metricWidth(label, 'K/lane');
    const lines = wrapLabel(label, width - 36);
    expect(lines.length).toBeLessThanOrEqual(HEADER_LINES - 1);
    expect(lines.join(' ')).toBe(label);
  });
});

describe('table preferences', () => {
  test.each<[string, unknown, TablePrefs]>([
    ['nothing stored', null, DEFAULT_TABLE_PREFS],
    [
      'a stored choice',
      { density: 'compact', hidden: { 'fd:1': { metrics: ['A'], details: ['lane'] } } },
      { density: 'compact', hidden: { 'fd:1': { metrics: ['A'], details: ['lane'] } } },
    ],
    ['an unknown density falls back', { density: 'tiny', hidden: {} }, DEFAULT_TABLE_PREFS],
    [
      'an unknown detail column is dropped',
      { density: 'comfortable', hidden: { 'fd:1': { metrics: ['A'], details: ['colour'] } } },
      { density: 'comfortable', hidden: { 'fd:1': { metrics: ['A'], details: [] } } },
    ],
  ])('%s', (_label, raw, prefs) => {
    expect(parseTablePrefs(raw)).toEqual(prefs);
  });

  test('showing every column again forgets the entry', () => {
    const hidden = withHidden(DEFAULT_TABLE_PREFS, 'fd:1', { metrics: ['A'], details: [] });
    expect(withHidden(hidden, 'fd:1', { metrics: [], details: [] })).toEqual(DEFAULT_TABLE_PREFS);
  });

  test('the key is the category and the assays of the rows', () => {
    const row = (assayIds: number[]) => ({ sample: { assayIds } }) as never;
    expect(assayKey({ key: 'fd', rows: [row([2]), row([1, 2])] })).toBe('fd:1,2');
    expect(assayKey({ key: 'lq', rows: [row([])] })).toBe('lq:none');
  });
});
