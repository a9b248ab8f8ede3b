import type { SignoffPlan } from '../../../lib/case-signoff/plan';
import { MAX_NOTE_LENGTH } from '../../../lib/case-signoff/plan';
import { statusOptions, type SignoffStepName } from '../../../lib/case-signoff/steps';
import { plural } from '../../../lib/text';
import { LeftOutList } from './signoff-outcome';

// Step 2 of the sign-off dialog: the deliverables (for a release), the status and the note, with what the
// sign-off will save, before it is submitted.

export interface DetailsStepProps {
  step: SignoffStepName;
  type: string;
  /** The deliverables a release can name, in the order they are listed. */
  releases: string[];
  deliverables: string[];
  status: string;
  note: string;
  username: string;
  plan: SignoffPlan;
  onDeliverable: (name: string, checked: boolean) => void;
  onStatus: (status: string) => void;
  onNote: (note: string) => void;
  onBack: () => void;
  onSubmit: () => void;
  onClose: () => void;
}

export function DetailsStep(props: DetailsStepProps) {
  const { step, type, releases, deliverables, status, note, username, plan } = props;
  const { onDeliverable, onStatus, onNote, onBack, onSubmit, onClose } = props;
  return (
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
                      onChange={(e) => onDeliverable(name, e.currentTarget.checked)}
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
            onChange={(e) => onStatus(e.currentTarget.value)}
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
            onInput={(e) => onNote(e.currentTarget.value)}
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
            Saves {plural(plan.signoffCount, 'sign-off', 'sign-offs')} for{' '}
            {plural(plan.included.length, 'case', 'cases')} as {username}: {plan.summary}.
          </p>
        )}
      </div>
      <div class="bao-dialog__foot">
        <button type="button" class="bao-button" onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          class="bao-button bao-button--primary"
          disabled={plan.errors.length > 0}
          onClick={onSubmit}
        >
          Submit
        </button>
        <button type="button" class="bao-button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}
