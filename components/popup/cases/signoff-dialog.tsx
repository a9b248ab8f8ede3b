import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CaseRecord } from '../../../lib/cardea/records';
import {
  deliverableTypeOptions,
  MAX_NOTE_LENGTH,
  missingEarlierCount,
  planSignoff,
  preselectedType,
  releaseOptions,
  type LeftOut,
  type SignoffChoice,
  type SignoffPlan,
} from '../../../lib/case-signoff/plan';
import { signoffSteps, statusOptions, STEP_LABELS, type SignoffStepName } from '../../../lib/case-signoff/steps';
import { confirmationText, type SubmissionView } from './submission';
import { plural } from '../../../lib/text';

// The two-step "Case QC" dialog (seed 003 steps 3–5, dimsum.md §4.2): QC step and deliverable type,
// then status, note and (for Release) the deliverables; then the progress and what was saved.
// Keyboard: the first field takes focus, Tab stays inside, Escape closes, Enter goes on (in the
// note, Ctrl+Enter does, so a note can have lines).

export interface SignoffDialogProps {
  cases: CaseRecord[];
  /** The display name Nabu will record. */
  username: string;
  /** Set once Submit was pressed. */
  submission: SubmissionView | null;
  onSubmit: (choice: SignoffChoice, plan: SignoffPlan) => void;
  onClose: () => void;
  onOpenOptions: () => void;
}

type Phase = 'choose' | 'details';

const FOCUSABLE = [
  'button:not([disabled])',
  'select:not([disabled])',
  'input:not([disabled])',
  'textarea:not([disabled])',
  '[href]',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');
const RESULT_TEXT = { saved: 'saved', superseded: 'not sent, signed off differently since', blocked: 'not saved', pending: 'waiting' };

function LeftOutList({ leftOut }: { leftOut: LeftOut[] }) {
  if (leftOut.length === 0) return null;
  return (
    <div data-bao="left-out">
      <p class="bao-dialog__warning">
        {plural(new Set(leftOut.map((l) => l.caseId)).size, 'case is', 'cases are')} left out of this sign-off:
      </p>
      <ul class="bao-dialog__list">
        {leftOut.map((l) => (
          <li data-case-id={l.caseId}>
            {l.caseId}
            {l.deliverable ? ` (${l.deliverable})` : ''} {l.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Results({ view }: { view: SubmissionView }) {
  if (view.results.length === 0) return null;
  return (
    <details open={view.state !== 'saved'}>
      <summary>Per case</summary>
      <ul class="bao-results" data-bao="signoff-results">
        {view.results.map((r) => (
          <li data-case-id={r.caseId} data-state={r.state}>
            {r.caseId}
            {r.deliverable ? ` · ${r.deliverable}` : ''}: {RESULT_TEXT[r.state]}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Outcome({ view, onOpenOptions }: { view: SubmissionView; onOpenOptions: () => void }) {
  switch (view.state) {
    case 'submitting':
      return <p role="status">Writing the sign-offs to the outbox…</p>;
    case 'refused':
      return (
        <div role="alert">
          {view.errors.map((e) => (
            <p class="bao-dialog__error">{e}</p>
          ))}
        </div>
      );
    case 'sending':
      return (
        <p role="status" data-bao="signoff-progress">
          Sending to Nabu… {view.saved} of {view.total} saved.
        </p>
      );
    case 'saved':
      return (
        <p role="status" data-bao="signoff-confirmation">
          {confirmationText(view)}
        </p>
      );
    case 'queued':
      return (
        <p role="status" data-bao="signoff-queued">
          {view.saved} of {view.total} saved so far. {view.message} The rest wait in the outbox, and Bao keeps trying even
          after this popup closes.
        </p>
      );
    case 'blocked':
      return (
        <div role="alert" data-bao="signoff-blocked">
          <p class="bao-dialog__error">{view.message}</p>
          {/options/.test(view.message ?? '') && (
            <button type="button" class="bao-link" onClick={onOpenOptions}>
              Open the options
            </button>
          )}
          <p class="bao-dialog__hint">The sign-offs stay in the outbox until you retry or discard them.</p>
        </div>
      );
  }
}

export function SignoffDialog({ cases, username, submission, onSubmit, onClose, onOpenOptions }: SignoffDialogProps) {
  const types = useMemo(() => deliverableTypeOptions(cases), [cases]);
  const [phase, setPhase] = useState<Phase>('choose');
  const [step, setStep] = useState<SignoffStepName | ''>('');
  const [type, setType] = useState(() => preselectedType(types));
  const [confirmed, setConfirmed] = useState(false);
  const releases = useMemo(() => (type ? releaseOptions(cases, type) : []), [cases, type]);
  const [deliverables, setDeliverables] = useState<string[]>([]);
  const [status, setStatus] = useState('PENDING');
  const [note, setNote] = useState('');
  const root = useRef<HTMLDivElement>(null);

  const missing = step === 'RELEASE_APPROVAL' ? missingEarlierCount(cases, type) : 0;
  const chosen = step !== '' && type !== '';
  const canGoOn = chosen && (missing === 0 || confirmed);
  const choice: SignoffChoice | null = step ? { step, deliverableType: type, deliverables, status, note } : null;
  const plan = useMemo(() => (choice ? planSignoff(cases, choice, username) : null), [cases, step, type, deliverables, status, note, username]);
  const view = submission ? 'result' : phase;

  // Focus: remember what had it, give it to the first field of each step, and give it back on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    const first = root.current?.querySelector<HTMLElement>('[data-autofocus]') ?? root.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
  }, [view]);

  const chooseStep = (next: SignoffStepName | '') => {
    setStep(next);
    setConfirmed(false);
    setStatus('PENDING');
  };
  const chooseType = (next: string) => {
    setType(next);
    setConfirmed(false);
    setDeliverables([]);
  };
  // Kept in the order the deliverables are listed.
  const toggleDeliverable = (name: string, checked: boolean) =>
    setDeliverables(checked ? releases.filter((r) => r === name || deliverables.includes(r)) : deliverables.filter((d) => d !== name));
  const goOn = () => {
    if (!canGoOn) return;
    if (step === 'RELEASE') setDeliverables(releases.length === 1 ? [...releases] : []);
    setPhase('details');
  };
  const submit = () => {
    if (!choice || !plan || plan.errors.length > 0) return;
    onSubmit(choice, plan);
  };
  const primary = () => (view === 'choose' ? goOn() : view === 'details' ? submit() : onClose());

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key === 'Tab') {
      const focusable = [...(root.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    if (event.key === 'Enter') {
      const target = event.target as HTMLElement;
      if (target.tagName === 'BUTTON' || target.tagName === 'SUMMARY') return;
      if (target.tagName === 'TEXTAREA' && !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      primary();
    }
  };

  const title =
    view === 'details' && step ? `${STEP_LABELS[step]} QC - ${type}` : view === 'result' ? 'Case QC: sign-offs' : 'Case QC';
  const footer = (children: ComponentChildren) => <div class="bao-dialog__foot">{children}</div>;

  return (
    <div class="bao-dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={root}
        class="bao-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="bao-signoff-title"
        data-bao="signoff-dialog"
        data-phase={view}
        onKeyDown={onKeyDown}
      >
        <div class="bao-dialog__head">
          <h2 id="bao-signoff-title">{title}</h2>
          <button type="button" class="bao-button bao-button--quiet" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>

        {view === 'choose' && (
          <>
            <div class="bao-dialog__body">
              <p class="bao-dialog__hint">
                {plural(cases.length, 'case', 'cases')} selected. Everything you choose applies to every one of them.
              </p>
              <div class="bao-row">
                <label for="bao-qc-step">QC step*</label>
                <select
                  id="bao-qc-step"
                  data-autofocus
                  value={step}
                  onChange={(e) => chooseStep(signoffSteps.find((s) => s === e.currentTarget.value) ?? '')}
                >
                  <option value="">Select…</option>
                  {signoffSteps.map((s) => (
                    <option value={s}>{STEP_LABELS[s]}</option>
                  ))}
                </select>
              </div>
              <div class="bao-row">
                <label for="bao-deliverable-type">Deliverable type*</label>
                <select id="bao-deliverable-type" value={type} onChange={(e) => chooseType(e.currentTarget.value)}>
                  <option value="">Select…</option>
                  {types.shared.map((t) => (
                    <option value={t}>{t}</option>
                  ))}
                  {types.partial.length > 0 && (
                    <optgroup label="Not every selected case has it">
                      {types.partial.map((p) => (
                        <option value={p.type}>
                          {p.type} ({p.count} of {cases.length})
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </div>
              {types.shared.length === 0 && (
                <p class="bao-dialog__warning">
                  The selected cases have no deliverable type in common
                  {types.partial.length > 0 ? ': a type from the list leaves out the cases without it.' : '.'}
                </p>
              )}
              {missing > 0 && (
                <div class="bao-dialog__warning" role="alert">
                  <p style={{ margin: 0 }}>
                    {plural(missing, 'of the selected cases is', 'of the selected cases are')} missing signoffs (receipt to full-depth
                    sequencing). Are you sure you wish to continue?
                  </p>
                  <label>
                    <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} /> Yes, continue
                  </label>
                </div>
              )}
              {plan && step !== 'RELEASE' && <LeftOutList leftOut={plan.leftOut} />}
            </div>
            {footer(
              <>
                <button type="button" class="bao-button bao-button--primary" disabled={!canGoOn} onClick={goOn}>
                  Next
                </button>
                <button type="button" class="bao-button" onClick={onClose}>
                  Cancel
                </button>
              </>,
            )}
          </>
        )}

        {view === 'details' && step && plan && (
          <>
            <div class="bao-dialog__body">
              {step === 'RELEASE' &&
                (releases.length === 0 ? (
                  <p class="bao-dialog__error">The selected cases have no {type} deliverable in common.</p>
                ) : (
                  <fieldset>
                    <legend>Deliverables*</legend>
                    <div>
                      {releases.map((name, i) => (
                        <label style={{ display: 'block' }}>
                          <input
                            type="checkbox"
                            data-autofocus={i === 0 ? true : undefined}
                            checked={deliverables.includes(name)}
                            onChange={(e) => toggleDeliverable(name, e.currentTarget.checked)}
                          />{' '}
                          {name}
                        </label>
                      ))}
                      {deliverables.length === 0 && (
                        <p class="bao-dialog__error" role="alert">
                          No deliverables selected.
                        </p>
                      )}
                    </div>
                  </fieldset>
                ))}
              <div class="bao-row">
                <label for="bao-qc-status">QC status*</label>
                <select
                  id="bao-qc-status"
                  data-autofocus={step !== 'RELEASE' ? true : undefined}
                  value={status}
                  onChange={(e) => setStatus(e.currentTarget.value)}
                >
                  {statusOptions(step).map((p) => (
                    <option value={p.status}>{p.label}</option>
                  ))}
                </select>
              </div>
              <div class="bao-row">
                <label for="bao-note">Note</label>
                <textarea
                  id="bao-note"
                  value={note}
                  maxLength={MAX_NOTE_LENGTH}
                  placeholder="Optional; saved exactly as typed"
                  onInput={(e) => setNote(e.currentTarget.value)}
                />
              </div>
              {plan.warnings.map((w) => (
                <p class="bao-dialog__warning">{w}</p>
              ))}
              <LeftOutList leftOut={plan.leftOut} />
              {plan.errors
                .filter((e) => e !== 'No deliverables selected.')
                .map((e) => (
                  <p class="bao-dialog__error">{e}</p>
                ))}
              {plan.errors.length === 0 && (
                <p class="bao-dialog__hint" data-bao="signoff-summary">
                  Saves {plural(plan.signoffCount, 'sign-off', 'sign-offs')} for {plural(plan.included.length, 'case', 'cases')} as{' '}
                  {username}: {plan.summary}.
                </p>
              )}
            </div>
            {footer(
              <>
                <button type="button" class="bao-button" onClick={() => setPhase('choose')}>
                  Back
                </button>
                <button type="button" class="bao-button bao-button--primary" disabled={plan.errors.length > 0} onClick={submit}>
                  Submit
                </button>
                <button type="button" class="bao-button" onClick={onClose}>
                  Cancel
                </button>
              </>,
            )}
          </>
        )}

        {view === 'result' && submission && (
          <>
            <div class="bao-dialog__body" data-state={submission.state}>
              <Outcome view={submission} onOpenOptions={onOpenOptions} />
              {plan && <LeftOutList leftOut={plan.leftOut} />}
              <Results view={submission} />
            </div>
            {footer(
              <button type="button" class="bao-button bao-button--primary" data-autofocus onClick={onClose}>
                Close
              </button>,
            )}
          </>
        )}
      </div>
    </div>
  );
}
