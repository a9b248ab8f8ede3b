import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CasesView, type CasesViewProps } from '../../../components/popup/cases/cases-view';
import type { CaseRecord } from '../../../lib/cardea/records';
import { listItems, queryCases } from '../../../lib/case-signoff/query';
import { CasesQuery, type OutboxEntry } from '../../../lib/case-signoff/schemas';
import { signoffRequest } from '../../builders/nabu';
import { caseRecord } from './builders';

afterEach(cleanup);

const CASES = Array.from({ length: 60 }, (_, i) =>
  caseRecord({
    id: `${i % 2 ? 'PANX' : 'HRDX'}_${String(1000 + i)}_b1_Co_M`,
    stopped: i === 3,
    paused: i === 4,
    latestActivityDate: `2026-08-${String((i % 28) + 1).padStart(2, '0')}`,
    deliverables: [{ type: 'Data Release', analysisReview: i < 10 ? null : 'PASSED', releases: ['Full Pipeline'] }],
  }),
);
const ITEMS = listItems(CASES, []);

/** The view with a stand-in for the background: the real query over the cases above. */
function Harness(props: Partial<CasesViewProps>) {
  const [query, setQuery] = useState(() => CasesQuery.parse({ sort: 'case', descending: false }));
  const [selected, setSelected] = useState<ReadonlyMap<string, CaseRecord>>(new Map());
  const page = queryCases(ITEMS, query, { asOf: '2026-09-01T10:00:00Z', nabu: { refreshedAt: null, failure: null } });
  return (
    <CasesView
      page={page}
      error={null}
      query={query}
      onQuery={setQuery}
      selected={selected}
      onSelect={(records, checked) =>
        setSelected((current) => {
          const next = new Map(current);
          for (const r of records) checked ? next.set(r.id, r) : next.delete(r.id);
          return next;
        })
      }
      onClearSelection={() => setSelected(new Map())}
      onSignOff={() => undefined}
      outbox={[]}
      onRetry={() => undefined}
      onDiscard={() => undefined}
      onOpenOptions={() => undefined}
      {...props}
    />
  );
}

const rows = (container: Element) => [...container.querySelectorAll<HTMLTableRowElement>('tr[data-case-id]')];
const rangeText = (container: Element) => container.querySelector('[data-bao="page-range"]')!.textContent;

describe('paging and selecting', () => {
  test('25 per page by default, "x–y of n", and other page sizes', () => {
    const { container } = render(<Harness />);
    expect(rows(container)).toHaveLength(25);
    expect(rangeText(container)).toBe('1–25 of 60');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(rangeText(container)).toBe('26–50 of 60');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(rangeText(container)).toBe('51–60 of 60');
    expect(screen.getByRole('button', { name: 'Next page' })).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Items per page'), { target: { value: '50' } });
    expect(rangeText(container)).toBe('1–50 of 60');
    expect(rows(container)).toHaveLength(50);
  });

  test('the header checkbox selects all cases on this page only, and selections add up across pages', () => {
    const { container } = render(<Harness />);
    const selectPage = () => screen.getByRole('checkbox', { name: 'Select all cases on this page' });
    fireEvent.click(selectPage());
    expect(screen.getByText('Selected 25')).toBeTruthy();
    expect(rows(container).every((r) => r.dataset.selected === 'true')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(rows(container).some((r) => r.dataset.selected === 'true')).toBe(false);
    expect((selectPage() as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: `Select ${rows(container)[0].dataset.caseId}` }));
    expect(screen.getByText('Selected 26')).toBeTruthy();
    expect((selectPage() as HTMLInputElement).indeterminate).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    fireEvent.click(selectPage());
    expect(screen.getByText('Selected 1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.getByText('Selected 0')).toBeTruthy();
  });

  test('Sign off needs a selection; it is at the top and the bottom of the table', () => {
    const onSignOff = vi.fn();
    render(<Harness onSignOff={onSignOff} />);
    const buttons = screen.getAllByRole('button', { name: 'Sign off' });
    expect(buttons).toHaveLength(2);
    expect(buttons.every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    fireEvent.click(screen.getAllByRole('checkbox', { name: /^Select [A-Z]/ })[0]);
    fireEvent.click(screen.getAllByRole('button', { name: 'Sign off' })[1]);
    expect(onSignOff).toHaveBeenCalledOnce();
  });
});

describe('filters, search and sort', () => {
  test('project, waiting step and stopped filters narrow the list; the page goes back to 1', () => {
    const { container } = render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    fireEvent.change(screen.getByLabelText('Project'), { target: { value: 'PANX' } });
    expect(rangeText(container)).toBe('1–25 of 30');
    expect(rows(container).every((r) => r.dataset.caseId!.startsWith('PANX'))).toBe(true);
    fireEvent.change(screen.getByLabelText('Waiting for'), { target: { value: 'ANALYSIS_REVIEW' } });
    // Cases 0–9 wait for analysis review; of the PANX ones (odd), 3 is stopped (no analysis review).
    expect(rows(container).map((r) => r.dataset.caseId)).toEqual([
      'PANX_1001_b1_Co_M',
      'PANX_1005_b1_Co_M',
      'PANX_1007_b1_Co_M',
      'PANX_1009_b1_Co_M',
    ]);
    fireEvent.change(screen.getByLabelText('Waiting for'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Stopped'), { target: { value: 'stopped' } });
    expect(rows(container).map((r) => r.dataset.caseId)).toEqual(['PANX_1003_b1_Co_M']);
    expect(within(rows(container)[0]).getByText('Stopped')).toBeTruthy();
  });

  test('search matches part of a case id, case-insensitively', () => {
    const { container } = render(<Harness />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'hrdx_101' } });
    expect(rows(container).map((r) => r.dataset.caseId)).toEqual(
      Array.from({ length: 5 }, (_, i) => `HRDX_${1010 + 2 * i}_b1_Co_M`),
    );
  });

  test('sorting by case descending', () => {
    const { container } = render(<Harness />);
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'desc' } });
    expect(rows(container)[0].dataset.caseId).toBe('PANX_1059_b1_Co_M');
  });
});

describe('step cells', () => {
  test('carry the step and status for each deliverable type, with label and glyph', () => {
    const { container } = render(<Harness />);
    const row = container.querySelector('tr[data-case-id="HRDX_1000_b1_Co_M"]')!;
    const ar = row.querySelector('[data-step="ANALYSIS_REVIEW"]')!;
    expect(ar.getAttribute('data-status')).toBe('PENDING');
    expect(ar.querySelector('[data-deliverable-type="Data Release"]')!.textContent).toContain('Pending QC');
    const paused = container.querySelector('tr[data-case-id="HRDX_1004_b1_Co_M"]')!;
    expect(paused.getAttribute('data-paused')).toBe('true');
    expect(within(paused as HTMLElement).getByText('Paused')).toBeTruthy();
  });
});

describe('the outbox panel', () => {
  const entry: OutboxEntry = {
    id: 'e1',
    kind: 'case-signoff',
    submissionId: 's1',
    createdAt: '2026-11-24T10:00:00.000Z',
    request: signoffRequest(),
    statusLabel: 'Passed/Proceed',
    summary: 'Release Approval · Data Release · Passed/Proceed',
    cases: [{ caseId: 'A_1', state: 'pending', rowId: null, created: null }],
    attempts: 1,
    state: 'blocked',
    lastAttemptAt: '2026-11-24T10:00:00.000Z',
    nextAttemptAt: null,
    lastFailure: { kind: 'unauthorized', system: 'Nabu', url: '/case/sign-off', status: 401 },
    message: 'Nabu refused the API key: fix the Nabu API key in Bao’s options, then press Retry.',
  };

  test('shows queued entries with their failure; Retry; Discard asks first', () => {
    const onRetry = vi.fn();
    const onDiscard = vi.fn();
    const { container } = render(<Harness outbox={[entry]} onRetry={onRetry} onDiscard={onDiscard} />);
    const panel = container.querySelector<HTMLElement>('[data-bao="outbox"]')!;
    expect(within(panel).getByRole('alert').textContent).toContain('fix the Nabu API key');
    fireEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith(['e1']);
    fireEvent.click(within(panel).getByRole('button', { name: 'Discard…' }));
    expect(onDiscard).not.toHaveBeenCalled();
    fireEvent.click(within(panel).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Discard…' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Yes, discard' }));
    expect(onDiscard).toHaveBeenCalledWith(['e1']);
  });

  test('is not shown when empty', () => {
    const { container } = render(<Harness />);
    expect(container.querySelector('[data-bao="outbox"]')).toBeNull();
  });
});
