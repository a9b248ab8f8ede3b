import type { NabuInsert } from './state';

// Nabu's controller-side checks (docs/jira-and-nabu.md#nabu-validation). Validation problems are collected and become
// one 400; anything that throws in the real controller (a non-string step, a bad `%` escape) is a 500.

export const STEP_NAMES = ['ANALYSIS_REVIEW', 'RELEASE_APPROVAL', 'RELEASE'];

/** The 400 case. The message carries Nabu's literal `undefined : ` prefix (it reads a field that is never set). */
export class NabuValidationError extends Error {
  constructor(messages: string[]) {
    super(`undefined : ${messages.join('. ')}`);
  }
}

/** `+` → space, then `decodeURIComponent`: throws URIError on a bad escape, TypeError on a non-string. */
export function nabuUrlDecode(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('value.replace is not a function');
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

const isMissing = (value: unknown) => value === undefined || value === null || value === '';

export function validateSignoff(body: Record<string, unknown>): Omit<NabuInsert, 'caseIdentifier'> {
  const errors: string[] = [];

  const username = body.username;
  if (typeof username !== 'string' || username === '') errors.push('username must be provided');

  const comment = body.comment ? nabuUrlDecode(body.comment) : null;

  // Nabu reports the deliverable type before the step.
  const deliverableType = body.deliverableType;
  if (typeof deliverableType !== 'string' || deliverableType === '') {
    errors.push('Sign-off must be associated with a deliverable type');
  }

  const rawStep = body.signoffStepName;
  let step: string | undefined;
  if (isMissing(rawStep)) {
    // Nabu turns a blank or missing value into null before it checks, and prints that null.
    errors.push(`Sign-off must be associated with a valid step name: ${STEP_NAMES.join(',')}, instead got null`);
  } else if (typeof rawStep !== 'string') {
    throw new TypeError('signoffStepName.toUpperCase is not a function');
  } else {
    step = rawStep.toUpperCase();
    if (!STEP_NAMES.includes(step)) {
      errors.push(`Sign-off must be associated with a valid step name: ${STEP_NAMES.join(',')}, instead got ${step}`);
    }
  }

  let deliverable: string | null = null;
  if (step === 'RELEASE') {
    if (isMissing(body.deliverable))
      errors.push('Sign-off associated with the RELEASE step must have a deliverable provided.');
    else deliverable = nabuUrlDecode(body.deliverable);
  } else if (!isMissing(body.deliverable)) {
    errors.push('Sign-off associated with ANALYSIS_REVIEW or RELEASE_APPROVAL step cannot have a deliverable.');
  }

  if (errors.length > 0) throw new NabuValidationError(errors);
  return {
    username: String(username),
    signoffStepName: String(step),
    deliverableType: String(deliverableType),
    deliverable,
    comment: comment === '' ? null : comment,
    qcPassed: body.qcPassed,
    release: body.release,
  };
}
