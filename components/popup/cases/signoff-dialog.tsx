import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CaseRecord } from '../../../lib/cardea/records';
import {
  deliverableTypeOptions,
  missingEarlierCount,
  planSignoff,
  preselectedType,
  releaseOptions,
  type SignoffChoice,
  type SignoffPlan,
} from '../../../lib/case-signoff/plan';
import type { SignoffStepName } from '../../../lib/case-signoff/steps';
import { ChooseStep } from './signoff-choose-step';
import { DetailsStep } from './signoff-details-step';
import {
  canGoOn,
  dialogTitle,
  enterGoesOn,
  FOCUSABLE,
  toggledDeliverables,
  wrappedFocus,
} from './signoff-dialog-state';
import { LeftOutList, Outcome, Results } from './signoff-outcome';
import type { SubmissionView } from './submission';

// The two-step "Case QC" dialog (seed 003 steps 3–5, docs/case-signoffs.md#deliverables): QC step and deliverable type,
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
  const ready = canGoOn(step, type, missing, confirmed);
  const choice: SignoffChoice | null = step ? { step, deliverableType: type, deliverables, status, note } : null;
  const plan = useMemo(
    () => (choice ? planSignoff(cases, choice, username) : null),
    [cases, step, type, deliverables, status, note, username],
  );
  const view = submission ? 'result' : phase;

  // Focus: remember what had it, give it to the first field of each step, and give it back on close.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    const first =
      root.current?.querySelector<HTMLElement>('[data-autofocus]') ??
      root.current?.querySelector<HTMLElement>(FOCUSABLE);
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
  const toggleDeliverable = (name: string, checked: boolean) =>
    setDeliverables(toggledDeliverables(releases, deliverables, name, checked));
  const goOn = () => {
    if (!ready) return;
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
      const next = wrappedFocus(focusable, document.activeElement, event.shiftKey);
      if (next) {
        event.preventDefault();
        next.focus();
      }
      return;
    }
    if (event.key === 'Enter') {
      const target = event.target as HTMLElement;
      if (!enterGoesOn(target.tagName, event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      primary();
    }
  };

  const title = dialogTitle(view, step, type);

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
          <ChooseStep
            cases={cases}
            types={types}
            step={step}
            type={type}
            missing={missing}
            confirmed={confirmed}
            canGoOn={ready}
            plan={plan}
            onStep={chooseStep}
            onType={chooseType}
            onConfirm={setConfirmed}
            onNext={goOn}
            onClose={onClose}
          />
        )}

        {view === 'details' && step && plan && (
          <DetailsStep
            step={step}
            type={type}
            releases={releases}
            deliverables={deliverables}
            status={status}
            note={note}
            username={username}
            plan={plan}
            onDeliverable={toggleDeliverable}
            onStatus={setStatus}
            onNote={setNote}
            onBack={() => setPhase('choose')}
            onSubmit={submit}
            onClose={onClose}
          />
        )}

        {view === 'result' && submission && (
          <>
            <div class="bao-dialog__body" data-state={submission.state}>
              <Outcome view={submission} onOpenOptions={onOpenOptions} />
              {plan && <LeftOutList leftOut={plan.leftOut} />}
              <Results view={submission} />
            </div>
            <div class="bao-dialog__foot">
              <button type="button" class="bao-button bao-button--primary" data-autofocus onClick={onClose}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
