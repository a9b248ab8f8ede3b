import type { CaseRecord } from '../../../lib/cardea/records';
import type { TypeOptions, SignoffPlan } from '../../../lib/case-signoff/plan';
import { signoffSteps, STEP_LABELS, type SignoffStepName } from '../../../lib/case-signoff/steps';
import { plural } from '../../../lib/text';
import { LeftOutList } from './signoff-outcome';

// Step 1 of the sign-off dialog: which QC step, for which deliverable type, and (for a release approval of
// cases missing earlier sign-offs) the confirmation that the user means it.

export interface ChooseStepProps {
  cases: CaseRecord[];
  types: TypeOptions;
  step: SignoffStepName | '';
  type: string;
  /** Selected cases missing an earlier sign-off; 0 hides the confirmation. */
  missing: number;
  confirmed: boolean;
  canGoOn: boolean;
  plan: SignoffPlan | null;
  onStep: (step: SignoffStepName | '') => void;
  onType: (type: string) => void;
  onConfirm: (confirmed: boolean) => void;
  onNext: () => void;
  onClose: () => void;
}

export function ChooseStep(props: ChooseStepProps) {
  const { cases, types, step, type, missing, confirmed, canGoOn, plan, onStep, onType, onConfirm, onNext, onClose } =
    props;
  return (
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
            onChange={(e) => onStep(signoffSteps.find((s) => s === e.currentTarget.value) ?? '')}
          >
            <option value="">Select…</option>
            {signoffSteps.map((s) => (
              <option value={s}>{STEP_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <div class="bao-row">
          <label for="bao-deliverable-type">Deliverable type*</label>
          <select id="bao-deliverable-type" value={type} onChange={(e) => onType(e.currentTarget.value)}>
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
              {plural(missing, 'of the selected cases is', 'of the selected cases are')} missing signoffs (receipt to
              full-depth sequencing). Are you sure you wish to continue?
            </p>
            <label>
              <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.currentTarget.checked)} /> Yes,
              continue
            </label>
          </div>
        )}
        {plan && step !== 'RELEASE' && <LeftOutList leftOut={plan.leftOut} />}
      </div>
      <div class="bao-dialog__foot">
        <button type="button" class="bao-button bao-button--primary" disabled={!canGoOn} onClick={onNext}>
          Next
        </button>
        <button type="button" class="bao-button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}
