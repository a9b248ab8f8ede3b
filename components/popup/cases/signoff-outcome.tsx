import type { LeftOut } from '../../../lib/case-signoff/plan';
import { plural } from '../../../lib/text';
import { confirmationText, type SubmissionView } from './submission';

const RESULT_TEXT = {
  saved: 'saved',
  superseded: 'not sent, signed off differently since',
  blocked: 'not saved',
  pending: 'waiting',
};

export function LeftOutList({ leftOut }: { leftOut: LeftOut[] }) {
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

export function Results({ view }: { view: SubmissionView }) {
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

export function Outcome({ view, onOpenOptions }: { view: SubmissionView; onOpenOptions: () => void }) {
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
          {view.saved} of {view.total} saved so far. {view.message} The rest wait in the outbox, and Bao keeps trying
          even after this popup closes.
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
