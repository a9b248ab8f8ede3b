import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SignoffDialog, type SignoffDialogProps } from '../../../components/popup/cases/signoff-dialog';
import { confirmationText, submissionView } from '../../../components/popup/cases/submission';
import type { OutboxEntry, SubmitResult } from '../../../lib/case-signoff/schemas';
import { caseRecord } from './builders';

afterEach(cleanup);

const CASES = [
  caseRecord({
    id: 'A_1',
    deliverables: [{ type: 'Data Release', releases: ['Full Pipeline'] }, { type: 'Clinical Report' }],
  }),
  caseRecord({ id: 'B_1', deliverables: [{ type: 'Data Release', releases: ['Full Pipeline'] }] }),
];

function open(props: Partial<SignoffDialogProps> = {}) {
  const handlers = { onSubmit: vi.fn(), onClose: vi.fn(), onOpenOptions: vi.fn() };
  const view = render(<SignoffDialog cases={CASES} username="Tess Ter" submission={null} {...handlers} {...props} />);
  const dialog = screen.getByRole('dialog');
  const key = (key: string, init: KeyboardEventInit = {}) =>
    fireEvent.keyDown(document.activeElement ?? dialog, { key, ...init });
  return { ...view, ...handlers, dialog, key };
}

const choose = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('keyboard', () => {
  test('the first field has focus; Escape closes', () => {
    const { key, onClose, dialog } = open();
    expect(dialog.getAttribute('data-bao')).toBe('signoff-dialog');
    expect(document.activeElement).toBe(screen.getByLabelText('QC step*'));
    key('Escape');
    expect(onClose).toHaveBeenCalledOnce();
  });

  test('Tab and Shift+Tab stay inside the dialog', () => {
    const { key } = open();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const close = screen.getByRole('button', { name: 'Close' });
    cancel.focus();
    key('Tab');
    expect(document.activeElement).toBe(close);
    key('Tab', { shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  test('Enter goes to the second step and then submits', () => {
    const { key, onSubmit } = open();
    choose('QC step*', 'RELEASE_APPROVAL');
    expect(screen.getByLabelText('Deliverable type*')).toHaveProperty('value', 'Data Release'); // the only shared type
    key('Enter');
    expect(screen.getByRole('heading').textContent).toBe('Release Approval QC - Data Release');
    expect(document.activeElement).toBe(screen.getByLabelText('QC status*'));
    choose('QC status*', 'PASSED_PROCEED');
    fireEvent.input(screen.getByLabelText('Note'), { target: { value: '50% + tumour/normal ✓' } });
    screen.getByLabelText('QC status*').focus();
    key('Enter');
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit.mock.calls[0][0]).toEqual({
      step: 'RELEASE_APPROVAL',
      deliverableType: 'Data Release',
      deliverables: [],
      status: 'PASSED_PROCEED',
      note: '50% + tumour/normal ✓',
    });
  });

  test('Enter in the note adds a line; Ctrl+Enter submits', () => {
    const { key, onSubmit } = open();
    choose('QC step*', 'ANALYSIS_REVIEW');
    key('Enter');
    screen.getByLabelText('Note').focus();
    key('Enter');
    expect(onSubmit).not.toHaveBeenCalled();
    key('Enter', { ctrlKey: true });
    expect(onSubmit).toHaveBeenCalledOnce();
  });
});

describe('the choices', () => {
  test('only the allowed statuses, Pending first, no None', () => {
    open();
    choose('QC step*', 'RELEASE');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const options = [...(screen.getByLabelText('QC status*') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual([
      'Pending',
      'Passed/Released',
      'Staged',
      'Failure Released',
      'Failure Not Released',
      'N/A',
    ]);
  });

  test('Release without a deliverable cannot be submitted', () => {
    const { key, onSubmit } = open();
    choose('QC step*', 'RELEASE');
    key('Enter');
    const only = screen.getByRole('checkbox', { name: 'Full Pipeline' }) as HTMLInputElement;
    expect(only.checked).toBe(true); // pre-checked: it is the only one
    fireEvent.click(only);
    expect(screen.getByText('No deliverables selected.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Submit' })).toHaveProperty('disabled', true);
    screen.getByLabelText('QC status*').focus();
    key('Enter');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('Release Approval asks to confirm when cases miss earlier sign-offs', () => {
    const cases = [caseRecord({ id: 'M_1', missingEarlierSignoffs: true }), caseRecord({ id: 'N_1' })];
    open({ cases });
    choose('QC step*', 'RELEASE_APPROVAL');
    expect(screen.getByRole('alert').textContent).toContain(
      '1 of the selected cases is missing signoffs (receipt to full-depth sequencing)',
    );
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Yes, continue' }));
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', false);
  });

  test('a type only some cases have leaves the others out, named, before submitting', () => {
    const { container } = open();
    choose('QC step*', 'RELEASE_APPROVAL');
    choose('Deliverable type*', 'Clinical Report');
    expect(container.querySelector('[data-bao="left-out"]')!.textContent).toContain(
      'B_1 has no Clinical Report deliverable type',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(container.querySelector('[data-bao="signoff-summary"]')!.textContent).toBe(
      'Saves 1 sign-off for 1 case as Tess Ter: Release Approval · Clinical Report · Pending.',
    );
  });
});

describe('after Submit', () => {
  const result: SubmitResult = {
    ids: ['e1'],
    submissionId: 's1',
    leftOut: [],
    warnings: [],
    errors: [],
    signoffCount: 2,
    summary: 'Release Approval · Data Release · Passed/Proceed',
  };
  const pendingEntry = (state: OutboxEntry['state'], message: string | null): OutboxEntry => ({
    id: 'e1',
    kind: 'case-signoff',
    submissionId: 's1',
    createdAt: '2026-11-24T10:00:00.000Z',
    request: {
      signoffStepName: 'RELEASE_APPROVAL',
      deliverableType: 'Data Release',
      deliverable: null,
      qcPassed: true,
      release: true,
      username: 'Tess Ter',
      comment: null,
    },
    statusLabel: 'Passed/Proceed',
    summary: result.summary,
    cases: [
      { caseId: 'A_1', state: 'saved', rowId: 1, created: '2026-11-24T10:00:01.000Z' },
      { caseId: 'B_1', state: 'pending', rowId: null, created: null },
    ],
    attempts: 1,
    state,
    lastAttemptAt: null,
    nextAttemptAt: null,
    lastFailure: null,
    message,
  });

  test('progress, then the confirmation of what was saved', () => {
    const sending = submissionView(result, { entries: [pendingEntry('sending', null)], recent: [] }, null);
    expect(sending).toMatchObject({ state: 'sending', saved: 1, total: 2 });
    const done = submissionView(
      result,
      {
        entries: [],
        recent: [
          {
            id: 'e1',
            submissionId: 's1',
            summary: result.summary,
            deliverable: null,
            cases: [
              { caseId: 'A_1', state: 'saved' },
              { caseId: 'B_1', state: 'saved' },
            ],
            completedAt: '2026-11-24T10:00:02.000Z',
          },
        ],
      },
      null,
    );
    expect(confirmationText(done)).toBe('Saved 2 sign-offs: Release Approval · Data Release · Passed/Proceed');
    const { container } = open({ submission: done });
    expect(container.querySelector('[data-bao="signoff-confirmation"]')!.textContent).toBe(
      'Saved 2 sign-offs: Release Approval · Data Release · Passed/Proceed',
    );
    expect(document.activeElement).toBe(screen.getAllByRole('button', { name: 'Close' }).at(-1));
  });

  test('an entry the background no longer lists was confirmed', () => {
    expect(submissionView(result, { entries: [], recent: [] }, null)).toMatchObject({ state: 'saved', saved: 2 });
  });

  test('a refused API key says where to fix it', () => {
    const blocked = submissionView(
      result,
      {
        entries: [
          pendingEntry('blocked', 'Nabu refused the API key: fix the Nabu API key in Bao’s options, then press Retry.'),
        ],
        recent: [],
      },
      null,
    );
    const { onOpenOptions } = open({ submission: blocked });
    expect(screen.getByRole('alert').textContent).toContain('fix the Nabu API key in Bao’s options');
    fireEvent.click(screen.getByRole('button', { name: 'Open the options' }));
    expect(onOpenOptions).toHaveBeenCalledOnce();
  });
});
