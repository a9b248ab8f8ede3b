import type { OutboxCaseState, OutboxView, SubmitResult } from '../../../lib/case-signoff/schemas';
import { plural } from '../../../lib/text';

// How one press of Submit is doing, from the outbox: an entry still in the outbox has its per-case
// states; one that left it was confirmed by Nabu (the background keeps the last results for a while;
// an entry it no longer knows left the outbox, which only happens once Nabu confirmed it).

export type SubmissionState = 'submitting' | 'refused' | 'sending' | 'queued' | 'blocked' | 'saved';

export interface SubmissionView {
  state: SubmissionState;
  summary: string;
  /** Sign-offs (rows) this submission asks for. */
  total: number;
  saved: number;
  superseded: number;
  errors: string[];
  /** Why it waits, when it does. */
  message: string | null;
  results: { caseId: string; deliverable: string | null; state: OutboxCaseState | 'blocked' }[];
}

export function submissionView(
  result: SubmitResult | null,
  outbox: OutboxView | null,
  sendError: string | null,
): SubmissionView {
  if (!result) {
    return {
      state: sendError ? 'refused' : 'submitting',
      summary: '',
      total: 0,
      saved: 0,
      superseded: 0,
      errors: sendError ? [sendError] : [],
      message: null,
      results: [],
    };
  }
  if (result.errors.length > 0 || result.ids.length === 0) {
    return {
      state: 'refused',
      summary: result.summary,
      total: 0,
      saved: 0,
      superseded: 0,
      errors: result.errors,
      message: null,
      results: [],
    };
  }
  const results: SubmissionView['results'] = [];
  let blocked: string | null = null;
  let waiting: string | null = null;
  let sending = false;
  for (const id of result.ids) {
    const entry = outbox?.entries.find((e) => e.id === id);
    if (entry) {
      const deliverable = entry.request.signoffStepName === 'RELEASE' ? entry.request.deliverable : null;
      for (const c of entry.cases) {
        results.push({
          caseId: c.caseId,
          deliverable,
          state: c.state === 'pending' && entry.state === 'blocked' ? 'blocked' : c.state,
        });
      }
      if (entry.state === 'blocked') blocked ??= entry.message;
      else if (entry.state === 'retrying') waiting ??= entry.message;
      else sending = true;
      continue;
    }
    const done = outbox?.recent.find((r) => r.id === id);
    for (const c of done?.cases ?? [])
      results.push({ caseId: c.caseId, deliverable: done?.deliverable ?? null, state: c.state });
  }
  const saved = results.filter((r) => r.state === 'saved').length;
  const superseded = results.filter((r) => r.state === 'superseded').length;
  // Entries the background no longer knows about were confirmed; count them as the plan said.
  const unknown = result.signoffCount - results.length;
  const state: SubmissionState = blocked ? 'blocked' : waiting ? 'queued' : sending || !outbox ? 'sending' : 'saved';
  return {
    state,
    summary: result.summary,
    total: result.signoffCount,
    saved: saved + Math.max(0, unknown),
    superseded,
    errors: [],
    message: blocked ?? waiting,
    results,
  };
}

/** "Saved 25 sign-offs: Release Approval · Data Release · Passed/Proceed". */
export function confirmationText(view: SubmissionView): string {
  const text = `Saved ${plural(view.saved, 'sign-off', 'sign-offs')}: ${view.summary}`;
  if (view.superseded === 0) return text;
  return `${text}. ${plural(view.superseded, 'case was', 'cases were')} not sent again: someone signed them off differently in the meantime.`;
}
