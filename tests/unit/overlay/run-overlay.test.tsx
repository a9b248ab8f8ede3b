import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { RunOverlay, type RunOverlayProps } from '../../../components/run-overlay/run-overlay';
import type { Failure } from '../../../lib/net/failure';
import type { OverlayView } from '../../../lib/run-table/overlay-view';
import type { FoundRunData } from '../../../lib/run-table/run-table-model';
import { RUN_NAME, runData } from './run-data';

afterEach(cleanup);

const CARDEA_500: Failure = { kind: 'server', system: 'Cardea', url: 'http://cardea/dimsum', status: 500 };

function found(
  data: FoundRunData = runData(),
  extra: Partial<Extract<OverlayView, { kind: 'found' }>> = {},
): OverlayView {
  return { kind: 'found', data, failure: data.failure, cached: false, refreshFailure: null, ...extra };
}

function setup(overrides: Partial<RunOverlayProps> = {}) {
  const props: RunOverlayProps = {
    runName: RUN_NAME,
    view: found(),
    misoUrl: 'https://miso.lab.org',
    onMisoRunPage: false,
    grouping: 'by-assay-and-design',
    onOpenQcInMiso: vi.fn(async (batches) => ({ ok: true as const, opened: batches.length })),
    onCopy: vi.fn(async (_text: string) => undefined),
    onSaveFile: vi.fn((_name: string, _text: string, _type: string) => undefined),
    ...overrides,
  };
  const view = render(<RunOverlay {...props} />);
  const table = (key: 'lq' | 'fd') => view.container.querySelector<HTMLElement>(`[data-bao="run-table-${key}"]`)!;
  const fd = () => table('fd');
  const grid = () => within(fd()).getByRole('grid');
  const rowNames = () =>
    [...fd().querySelectorAll('[role="row"][data-run-library]')].map(
      (row) => row.querySelector('.bao-cell--name')!.textContent,
    );
  const row = (id: string) => fd().querySelector<HTMLElement>(`[data-run-library="${id}"]`)!;
  const cell = (id: string, metric: string) => row(id).querySelector<HTMLElement>(`[data-metric="${metric}"]`)!;
  const focused = () => document.activeElement;
  const key = (k: string, init: Partial<KeyboardEventInit> = {}) =>
    fireEvent.keyDown(focused() ?? grid(), { key: k, ...init });
  const count = () => within(fd()).getByText(/selected/, { selector: '[data-bao="selected-count"]' }).textContent;
  return { props, view, table, fd, grid, rowNames, row, cell, key, count, focused };
}

describe('cells', () => {
  test('every metric cell carries data-qc and data-metric; fail and unavailable cells carry a text mark too', () => {
    const { cell, fd } = setup();
    const failing = cell('5476_1_LDI102', 'Mean Coverage Deduplicated');
    expect(failing.dataset.qc).toBe('fail');
    expect(failing.textContent).toBe('✕30');
    expect(failing.getAttribute('aria-label')).toBe('Mean Coverage Deduplicated: 30, fails');
    const pending = cell('5476_2_LDI103', 'Mean Coverage Deduplicated');
    expect(pending.dataset.qc).toBe('unavailable');
    expect(pending.textContent).toBe('◷Pending analysis');
    const preliminary = cell('5476_2_LDI104', 'Mean Coverage Deduplicated');
    expect(preliminary.dataset.qc).toBe('unavailable');
    expect(preliminary.querySelector('.bao-mark--preliminary')?.textContent).toBe('P');
    expect(preliminary.getAttribute('aria-label')).toContain('preliminary');
    const na = cell('5476_2_LDI106', 'Duplication Rate');
    expect(na.dataset.qc).toBe('na');
    expect(na.textContent).toBe('N/A');
    expect(cell('5476_1_LDI101', 'Duplication Rate').dataset.qc).toBe('pass');
    expect(fd().querySelectorAll('[data-qc]').length).toBe(6 * 4);
  });

  test('columns in the reference’s order, and the status cell carries data-status', () => {
    const { fd, row } = setup();
    const headers = within(fd())
      .getAllByRole('columnheader')
      .map((h) => h.querySelector('.bao-head__label')?.textContent ?? '');
    expect(headers).toEqual([
      '',
      'QC Status',
      'Name',
      'Issues',
      'Lane',
      'Project',
      'Tissue Attributes',
      'Design',
      'Mean Coverage Deduplicated',
      'Duplication Rate',
      'Mean Insert Size',
      'rRNA Contamination',
      'Latest Activity',
    ]);
    // Units on a line of their own under the metric's name.
    expect([...fd().querySelectorAll('.bao-head__units')].map((u) => u.textContent)).toEqual(['X', '%', 'bp', '%']);
    const status = row('5476_1_LDI102').querySelector<HTMLElement>('[data-status]')!;
    expect(status.dataset.status).toBe('failed');
    expect(status.textContent).toContain('Failed');
  });

  test('a metric tooltip opens on keyboard focus with the requirement and units; preliminary values say so', () => {
    const { cell } = setup();
    act(() => cell('5476_1_LDI102', 'Mean Coverage Deduplicated').focus());
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toContain('Required: >= 40X');
    expect(tip.textContent).toContain('Fails the requirement.');
    act(() => cell('5476_2_LDI104', 'Mean Coverage Deduplicated').focus());
    expect(screen.getByRole('tooltip').textContent).toContain('PRELIMINARY VALUE ONLY');
    act(() => cell('5476_1_LDI101', 'Mean Insert Size').focus());
    expect(screen.getByRole('tooltip').textContent).toContain('Required: Between 150 and 500bp');
  });

  test('tooltips open on hover too, and the status tooltip names reason, user and note', () => {
    const { row } = setup();
    fireEvent.mouseOver(row('5476_1_LDI102').querySelector('[data-status]')!);
    expect(screen.getByRole('tooltip').textContent).toBe('Status: Low coverage (tess)Note: redo');
  });

  test('run metrics list their lanes in the tooltip', () => {
    const lanes = [
      { laneNumber: 1, percentOverQ30Read1: 91.2, percentOverQ30Read2: 88.1 },
      { laneNumber: 2, percentOverQ30Read1: 79.5, percentOverQ30Read2: 70.2 },
    ];
    const data = runData();
    const assay = data.assaysById['1']!;
    const withQ30 = {
      ...data,
      run: {
        ...data.run,
        percentOverQ30: 85,
        lanes: lanes.map((l) => ({ ...l, clustersPf: null, percentPfixRead1: null, percentPfixRead2: null })),
      },
      assaysById: {
        ...data.assaysById,
        '1': {
          ...assay,
          metricCategories: {
            ...assay.metricCategories,
            FULL_DEPTH_SEQUENCING: [
              ...(assay.metricCategories.FULL_DEPTH_SEQUENCING ?? []),
              {
                name: 'NovaSeq (SAV, MISO)',
                sortPriority: 9,
                libraryDesignCode: null,
                metrics: [
                  {
                    ...assay.metricCategories.FULL_DEPTH_SEQUENCING![0].metrics[0],
                    name: 'Bases Over Q30',
                    minimum: 80,
                    units: '%',
                  },
                ],
              },
            ],
          },
        },
      },
    };
    withQ30.fd = withQ30.fd.map((s) => ({ ...s, run: withQ30.run }));
    const { cell } = setup({ view: found(withQ30) });
    act(() => cell('5476_1_LDI101', 'Bases Over Q30').focus());
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toContain('Required: >= 80%');
    expect(within(tip).getByRole('list', { name: 'Lanes' }).textContent).toContain('L2 R1: 79.5; R2: 70.2');
  });
});

describe('filters and sorting', () => {
  test('a project filter and a status filter narrow the rows; clear filters brings them back', () => {
    const { fd, rowNames } = setup();
    fireEvent.click(within(fd()).getByLabelText(/^OTHER/));
    expect(rowNames()).toEqual(['E_OTHER_WT (L1)', 'F_NO_ASSAY_WG (L2)']);
    fireEvent.click(within(fd()).getByLabelText(/^Pending QC/));
    expect(rowNames()).toEqual(['F_NO_ASSAY_WG (L2)']);
    expect(within(fd()).getByText('1 of 6 libraries shown')).toBeTruthy();
    fireEvent.click(within(fd()).getAllByRole('button', { name: 'Clear filters' })[0]);
    expect(rowNames()).toHaveLength(6);
  });

  test('Download CSV saves the rows as shown (filtered), named after the run and table', () => {
    const { fd, props } = setup();
    fireEvent.click(within(fd()).getByLabelText(/^OTHER/));
    fireEvent.click(within(fd()).getByRole('button', { name: 'Download CSV' }));
    expect(props.onSaveFile).toHaveBeenCalledTimes(1);
    const [name, text, type] = vi.mocked(props.onSaveFile).mock.calls[0]!;
    expect([name, type]).toEqual([`${RUN_NAME}_FD_metrics.csv`, 'text/csv']);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['E_OTHER_WT', 'F_NO_ASSAY_WG']);
    expect(within(fd()).getByText('Downloaded 2 rows as CSV.')).toBeTruthy();
  });

  test('Escape closes an open filter menu', () => {
    const { fd } = setup();
    const details = fd().querySelector<HTMLDetailsElement>('[data-filter="design"]')!;
    details.open = true;
    fireEvent.keyDown(within(details).getByLabelText(/^WG/), { key: 'Escape' });
    expect(details.open).toBe(false);
  });

  test('an empty result says so and offers to clear the filters', () => {
    const { fd, rowNames } = setup();
    fireEvent.click(within(fd()).getByLabelText(/^OTHER/));
    fireEvent.click(within(fd()).getByLabelText(/^Failed/));
    expect(rowNames()).toEqual([]);
    expect(within(fd()).getByText(/No libraries match the filters/)).toBeTruthy();
  });

  test('clicking a header sorts by it (aria-sort), clicking again reverses', () => {
    const { fd, rowNames } = setup();
    const header = within(fd())
      .getAllByRole('columnheader')
      .find((h) => h.querySelector('.bao-head__label')?.textContent === 'Mean Coverage Deduplicated')!;
    expect(header.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(header).getByText('Mean Coverage Deduplicated'));
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames()[0]).toBe('B_FAILING_WG (L1)');
    fireEvent.click(within(header).getByText('Mean Coverage Deduplicated'));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(rowNames().slice(0, 1)).toEqual(['D_PRELIMINARY_WG (L2)']);
    expect(rowNames().slice(-2)).toEqual(['C_PENDING_WG (L2)', 'F_NO_ASSAY_WG (L2)']);
  });
});

describe('selection and keyboard', () => {
  const focusGrid = (s: ReturnType<typeof setup>) =>
    act(() => s.grid().querySelector<HTMLElement>('[tabindex="0"]')!.focus());

  test('the grid is one tab stop; ↓/j and ↑/k move the active row, Home/End jump', () => {
    const s = setup();
    expect(s.grid().querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    focusGrid(s);
    const activeRow = () => (s.focused() as HTMLElement).closest('[role="row"]')!.getAttribute('data-run-library');
    expect(activeRow()).toBe('5476_1_LDI101');
    s.key('ArrowDown');
    expect(activeRow()).toBe('5476_1_LDI102');
    s.key('j');
    expect(activeRow()).toBe('5476_2_LDI103');
    s.key('k');
    expect(activeRow()).toBe('5476_1_LDI102');
    s.key('End');
    expect(activeRow()).toBe('5476_2_LDI106');
    s.key('Home');
    expect(activeRow()).toBe('5476_1_LDI101');
    expect(s.grid().querySelectorAll('[tabindex="0"]')).toHaveLength(1);
  });

  test('library names link to their aliquot in MISO; Enter on a row opens it, c copies the library name', async () => {
    const s = setup();
    const link = s.row('5476_1_LDI102').querySelector<HTMLAnchorElement>('[data-bao="miso-item-link"]')!;
    expect(link.getAttribute('href')).toBe('https://miso.lab.org/libraryaliquot/102');
    expect(link.tabIndex).toBe(-1);
    const opened: string[] = [];
    s.fd().addEventListener('click', (event) => {
      const anchor = (event.target as Element).closest('a');
      if (anchor) opened.push(anchor.getAttribute('href')!);
      event.preventDefault();
    });
    focusGrid(s);
    s.key('ArrowDown');
    s.key('Enter');
    expect(opened).toEqual(['https://miso.lab.org/libraryaliquot/102']);

    s.key('c');
    const name = s
      .row('5476_1_LDI102')
      .querySelector('.bao-cell--name')!
      .textContent!.replace(/ \(L\d+\)$/, '');
    expect(s.props.onCopy).toHaveBeenCalledWith(name);
    expect(await within(s.fd()).findByText(`Copied “${name}”.`)).toBeTruthy();
  });

  test('without MISO the names are plain text; a copy the page refuses says so', async () => {
    const s = setup({ misoUrl: '', onCopy: async () => Promise.reject(new Error('Document is not focused.')) });
    expect(s.fd().querySelector('[data-bao="miso-item-link"]')).toBeNull();
    focusGrid(s);
    s.key('c');
    expect(await within(s.fd()).findByText(/Could not copy .*Document is not focused\./)).toBeTruthy();
  });

  test('Space toggles the active row; Shift+Space selects the range from the last toggled row', () => {
    const s = setup();
    focusGrid(s);
    s.key(' ');
    expect(s.count()).toBe('1 selected');
    expect(s.row('5476_1_LDI101').getAttribute('aria-selected')).toBe('true');
    s.key('ArrowDown');
    s.key('ArrowDown');
    s.key('ArrowDown');
    s.key(' ', { shiftKey: true });
    expect(s.count()).toBe('4 selected');
    s.key(' ');
    expect(s.count()).toBe('3 selected');
  });

  test('a, f, p select all shown, failing and passing; Escape clears; the count is live', () => {
    const s = setup();
    focusGrid(s);
    s.key('f');
    expect(s.count()).toBe('1 selected');
    expect(s.row('5476_1_LDI102').getAttribute('aria-selected')).toBe('true');
    s.key('p');
    expect(s.count()).toBe('3 selected');
    s.key('a');
    expect(s.count()).toBe('6 selected');
    s.key('Escape');
    expect(s.count()).toBe('0 selected');
  });

  test('the buttons do the same, and filtered-out selections are counted as hidden', () => {
    const s = setup();
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'Select passing' }));
    expect(s.count()).toBe('3 selected');
    fireEvent.click(within(s.fd()).getByLabelText(/^PROJ/));
    expect(s.count()).toBe('3 selected (2 hidden by filters)');
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'Clear' }));
    expect(s.count()).toBe('0 selected');
  });

  test('the header checkbox selects all shown rows; clicking a row box with Shift selects a range', () => {
    const s = setup();
    fireEvent.click(within(s.fd()).getByLabelText('Select all shown'));
    expect(s.count()).toBe('6 selected');
    fireEvent.click(within(s.fd()).getByLabelText('Select all shown'));
    expect(s.count()).toBe('0 selected');
    fireEvent.click(within(s.fd()).getByLabelText('Select A_PASSING_WG (L1)'));
    fireEvent.click(within(s.fd()).getByLabelText('Select C_PENDING_WG (L2)'), { shiftKey: true });
    expect(s.count()).toBe('3 selected');
  });

  test('keys in the grid do not reach the host page', () => {
    const s = setup();
    const pageListener = vi.fn();
    document.addEventListener('keydown', pageListener);
    focusGrid(s);
    s.key('j');
    s.key('a');
    document.removeEventListener('keydown', pageListener);
    expect(pageListener).not.toHaveBeenCalled();
  });

  test('←/→ move between cells, and the focused cell shows its tooltip', () => {
    const s = setup();
    focusGrid(s);
    for (let i = 0; i < 8; i++) s.key('ArrowRight');
    expect((s.focused() as HTMLElement).dataset.metric).toBe('Mean Coverage Deduplicated');
    expect(screen.getByRole('tooltip').textContent).toContain('>= 40X');
  });

  test('the help popover lists the shortcuts', () => {
    const s = setup();
    focusGrid(s);
    s.key('?');
    const help = within(s.fd()).getByRole('region', { name: 'Keyboard shortcuts' });
    expect(help.textContent).toContain('select the failing rows');
    expect(within(s.fd()).getByRole('button', { name: 'Keyboard shortcuts' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
  });
});

describe('QC in MISO', () => {
  test('disabled with a reason while nothing is selected; q says why', () => {
    const s = setup();
    const button = within(s.fd()).getByRole('button', { name: 'QC in MISO' });
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Select libraries to QC them in MISO.',
    );
    act(() => s.grid().querySelector<HTMLElement>('[tabindex="0"]')!.focus());
    s.key('q');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(s.fd()).getByText(/Select libraries first/)).toBeTruthy();
  });

  test('the dialog shows one line per MISO page, the left-out libraries with reasons, and opens the batches', async () => {
    const s = setup();
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'Select all shown' }));
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'QC in MISO' }));
    const dialog = screen.getByRole('dialog', { name: 'QC in MISO' });
    expect(dialog.textContent).toContain('6 libraries selected in Full-Depth Sequencing');
    expect(dialog.textContent).toContain('Bao will open 2 MISO pages, one per assay and library design:');
    const batchLines = [...dialog.querySelectorAll('[data-bao="qc-batches"] li')].map((li) => li.textContent);
    expect(batchLines).toEqual(['Assay 1 · WG: 4 libraries', 'Assay 2 · WT: 1 library']);
    const leftOut = [...dialog.querySelectorAll('[data-bao="qc-left-out"] li')].map((li) => li.textContent);
    expect(leftOut).toEqual(['F_NO_ASSAY_WG: it has no assay, so there are no thresholds to send']);
    expect(document.activeElement?.textContent).toBe('Open in MISO');

    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Open in MISO' }));
    });
    expect(s.props.onOpenQcInMiso).toHaveBeenCalledTimes(1);
    const [batches, category] = vi.mocked(s.props.onOpenQcInMiso).mock.calls[0];
    // The table's category goes along, so the background can plan the same batches from its own data.
    expect(category).toBe('FULL_DEPTH_SEQUENCING');
    expect(batches.map((b) => b.runLibraryIds)).toEqual([
      ['5476_1_LDI101', '5476_1_LDI102', '5476_2_LDI103', '5476_2_LDI104'],
      ['5476_1_LDI105'],
    ]);
    expect(batches[0].request.library_aliquots[0]).toMatchObject({ name: 'LDI101', run_id: 5476, partition: 1 });
    expect(within(dialog).getByRole('status').textContent).toBe('Opened 2 MISO tabs.');
    expect(within(dialog).queryByRole('button', { name: 'Open in MISO' })).toBeNull();
  });

  test('nothing sendable: says why and offers only Close', () => {
    const s = setup();
    fireEvent.click(within(s.fd()).getByLabelText('Select F_NO_ASSAY_WG (L2)'));
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'QC in MISO' }));
    const dialog = screen.getByRole('dialog', { name: 'QC in MISO' });
    expect(within(dialog).getByRole('alert').textContent).toContain('Nothing can be sent to MISO');
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Close']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  test('a failure to open is shown with its system; Escape closes the dialog and keeps the selection', async () => {
    const onOpenQcInMiso = vi.fn(async () => ({
      ok: false as const,
      failure: { kind: 'unauthorized' as const, system: 'MISO' as const, url: 'http://miso/runlibraries/metrics' },
    }));
    const s = setup({ onOpenQcInMiso });
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'Select failing' }));
    fireEvent.click(within(s.fd()).getByRole('button', { name: 'QC in MISO' }));
    const dialog = screen.getByRole('dialog', { name: 'QC in MISO' });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Open in MISO' }));
    });
    expect(within(dialog).getByRole('alert').textContent).toBe('MISO needs you to log in again.');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(s.count()).toBe('1 selected');
  });
});

describe('plots', () => {
  test('a header button toggles a strip plot of the shown rows: dots by outcome, a line per threshold', () => {
    const s = setup();
    const toggle = within(s.fd()).getByRole('button', { name: 'Plot Mean Coverage Deduplicated' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    const plot = s.fd().querySelector<HTMLElement>('[data-plot-metric="Mean Coverage Deduplicated"]')!;
    const dots = (outcome: string) => plot.querySelectorAll(`[data-dot="${outcome}"]`).length;
    // A 45, E 45 pass; B 30 fails; D 50 is preliminary (hollow); C and F have no value.
    expect([dots('pass'), dots('fail'), dots('unavailable')]).toEqual([2, 1, 1]);
    expect(plot.querySelectorAll('.bao-plot__threshold')).toHaveLength(1);
    expect(plot.textContent).toContain('>= 40X');
    expect(plot.querySelector('svg')!.getAttribute('aria-label')).toContain(
      '4 libraries plotted, 1 failing, 1 unavailable, 1 without a value',
    );
    fireEvent.mouseEnter(plot.querySelector('[data-dot="fail"]')!);
    expect(plot.querySelector('.bao-plot__hover')!.textContent).toBe('B_FAILING_WG (L1): 30');
  });

  test('rows outside the filter are not plotted; BETWEEN draws both bounds; v toggles from the keyboard', () => {
    const s = setup();
    fireEvent.click(within(s.fd()).getByLabelText(/^OTHER/));
    act(() => s.grid().querySelector<HTMLElement>('[tabindex="0"]')!.focus());
    for (let i = 0; i < 10; i++) s.key('ArrowRight');
    s.key('v');
    const plot = s.fd().querySelector<HTMLElement>('[data-plot-metric="Mean Insert Size"]')!;
    expect(plot.querySelectorAll('circle')).toHaveLength(1);
    expect(plot.querySelectorAll('.bao-plot__threshold')).toHaveLength(2);
    s.key('v');
    expect(s.fd().querySelector('[data-plot-metric]')).toBeNull();
  });
});

describe('header and states', () => {
  test('the header shows run QC, flow cell, parameters, the MISO Edit Run link and the data time', () => {
    const { view } = setup();
    const header = view.container.querySelector<HTMLElement>('[data-bao="run-header"]')!;
    expect(header.textContent).toContain('Pending data review');
    expect(header.textContent).toContain('S4');
    expect(header.textContent).toContain('2×151');
    expect(within(header).getByRole('link', { name: 'Edit Run in MISO' }).getAttribute('href')).toBe(
      `https://miso.lab.org/run/alias/${RUN_NAME}`,
    );
    expect(within(view.container as HTMLElement).getByRole('heading', { level: 2 }).textContent).toBe(RUN_NAME);
  });

  test('Omissions: folded away, name descending with status and MISO link; Copy names copies every name', async () => {
    const omitted = [
      {
        id: '5476_1_LDI301',
        name: 'XTRA_0001_Ly_R_PE_300_WG',
        project: 'XTRA',
        runId: 5476,
        runName: RUN_NAME,
        sequencingLane: 1,
        sequencingType: 'FULL_DEPTH_SEQUENCING' as const,
        qcPassed: null,
        qcReason: null,
        qcUser: null,
        qcDate: null,
        dataReviewPassed: null,
        dataReviewUser: null,
        dataReviewDate: null,
      },
      {
        id: '5476_2_LDI302',
        name: 'XTRA_0002_Ly_R_PE_300_WG',
        project: 'XTRA',
        runId: 5476,
        runName: RUN_NAME,
        sequencingLane: 2,
        sequencingType: 'FULL_DEPTH_SEQUENCING' as const,
        qcPassed: false,
        qcReason: null,
        qcUser: 'qc.tech',
        qcDate: '2023-01-11',
        dataReviewPassed: null,
        dataReviewUser: null,
        dataReviewDate: null,
      },
    ];
    const { view, props } = setup({ view: found(runData({ omitted })) });
    const section = view.container.querySelector<HTMLDetailsElement>('[data-bao="omissions"]')!;
    expect(section.open).toBe(false);
    expect(section.querySelector('summary')!.textContent).toBe('Omissions 2 libraries');
    expect(section.querySelectorAll('tbody tr')).toHaveLength(0);
    act(() => {
      section.open = true;
      section.dispatchEvent(new Event('toggle'));
    });
    const rows = [...section.querySelectorAll('tbody tr')];
    expect(rows.map((row) => row.getAttribute('data-run-library'))).toEqual(['5476_2_LDI302', '5476_1_LDI301']);
    // A failed QC on a run still waits for the data review, as in the run's own tables.
    expect(rows[0].querySelector('[data-status]')!.getAttribute('data-status')).toBe('dataReview');
    expect(rows[0].querySelector('[data-status]')!.getAttribute('title')).toBe('Status: Pending data review (qc.tech)');
    expect(rows[1].querySelector('[data-status]')!.textContent).toContain('Pending QC');
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe('https://miso.lab.org/libraryaliquot/302');
    fireEvent.click(within(section).getByRole('button', { name: 'Copy names' }));
    expect(props.onCopy).toHaveBeenCalledWith('XTRA_0002_Ly_R_PE_300_WG\nXTRA_0001_Ly_R_PE_300_WG');
    expect(await within(section).findByText('Copied 2 names.')).toBeTruthy();
  });

  test('no Omissions section when the run has none', () => {
    const { view } = setup();
    expect(view.container.querySelector('[data-bao="omissions"]')).toBeNull();
  });

  test('Copy name puts the run name on the clipboard and says so', async () => {
    const { view, props } = setup();
    fireEvent.click(within(view.container as HTMLElement).getByRole('button', { name: 'Copy name' }));
    expect(props.onCopy).toHaveBeenCalledWith(RUN_NAME);
    expect(await within(view.container as HTMLElement).findByText(`Copied “${RUN_NAME}”.`)).toBeTruthy();
  });

  test('on the MISO run page the sign-off link is "this page"', () => {
    const { view } = setup({ onMisoRunPage: true });
    const header = view.container.querySelector<HTMLElement>('[data-bao="run-header"]')!;
    expect(within(header).queryByRole('link')).toBeNull();
    expect(header.textContent).toContain('on this page');
  });

  test.each<[string, OverlayView, RegExp]>([
    ['loading', { kind: 'loading' }, /Loading QC data…/],
    [
      'not yet indexed, with progress',
      {
        kind: 'not-indexed',
        state: 'downloading',
        progress: { bytes: 5 * 1024 * 1024, cases: 1200, totalBytes: 20 * 1024 * 1024 },
      },
      /Bao is still loading Cardea’s data… 5\.0 MB of 20\.0 MB read, 1,200 cases indexed\./,
    ],
    [
      'not configured',
      { kind: 'not-indexed', state: 'unconfigured', progress: null },
      /set Cardea’s address in Bao’s options/,
    ],
    [
      'a run Cardea does not have',
      { kind: 'not-found', runName: 'NO_SUCH_RUN', asOf: null, stale: false, failure: null },
      /Cardea has no run named NO_SUCH_RUN \(data as of —\)/,
    ],
    [
      'a failure and no data',
      {
        kind: 'error',
        failure: {
          kind: 'invalid',
          system: 'Bao',
          url: 'reply to getRunData',
          issues: ['value.run.id: Invalid input'],
        },
      },
      /Bao sent data Bao does not understand: value\.run\.id: Invalid input/,
    ],
    [
      'a run with no library rows',
      found(runData({ lq: [], fd: [] })),
      /no library qualification or full-depth sequencing libraries/,
    ],
  ])('%s', (_, view, text) => {
    setup({ view });
    expect(document.body.textContent).toMatch(text);
  });

  test('stale data keeps the table and says why, naming the system', () => {
    const { fd } = setup({ view: found(runData({ stale: true, failure: CARDEA_500 })) });
    expect(
      screen.getByText(
        /^Could not refresh from Cardea: Cardea had an internal error \(HTTP 500\)\. Showing data as of/,
      ),
    ).toBeTruthy();
    expect(fd().querySelectorAll('[data-run-library]').length).toBe(6);
  });

  test('a saved copy says so while the background is asked; a failed refresh keeps it with a banner', () => {
    const { view } = setup({
      view: found(runData(), {
        cached: true,
        refreshFailure: { kind: 'internal', system: 'Bao', url: 'background worker', detail: 'no answer' },
      }),
    });
    expect(view.container.querySelector('[data-bao="as-of"]')!.textContent).toContain('saved copy');
    expect(
      screen.getByText(
        /Could not get fresh data from Bao’s background: Bao could not use its background worker: no answer/,
      ),
    ).toBeTruthy();
  });

  test('a bug while rendering becomes an error inside the overlay, not an exception in the page', () => {
    const broken = runData();
    Object.defineProperty(broken, 'fd', {
      get: () => {
        throw new Error('boom');
      },
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    setup({ view: found(broken) });
    expect(screen.getByRole('alert').textContent).toBe(
      'Bao could not load QC data for this run: Bao could not use its run table: boom.',
    );
  });
});
