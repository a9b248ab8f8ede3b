import type { SignoffStepName } from '../../../lib/case-signoff/steps';
import { STEP_LABELS } from '../../../lib/case-signoff/steps';

// What the sign-off dialog derives from its fields, kept apart from the view so each rule reads on its own.

export type DialogView = 'choose' | 'details' | 'result';

export const FOCUSABLE = [
  'button:not([disabled])',
  'select:not([disabled])',
  'input:not([disabled])',
  'textarea:not([disabled])',
  '[href]',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

/** Step 1 lets the user go on once a step and a type are chosen, and any missing sign-offs are confirmed. */
export function canGoOn(step: SignoffStepName | '', type: string, missing: number, confirmed: boolean): boolean {
  return step !== '' && type !== '' && (missing === 0 || confirmed);
}

export function dialogTitle(view: DialogView, step: SignoffStepName | '', type: string): string {
  if (view === 'details' && step) return `${STEP_LABELS[step]} QC - ${type}`;
  return view === 'result' ? 'Case QC: sign-offs' : 'Case QC';
}

/** The deliverables after one is ticked or unticked, kept in the order they are listed. */
export function toggledDeliverables(releases: string[], chosen: string[], name: string, checked: boolean): string[] {
  return checked ? releases.filter((r) => r === name || chosen.includes(r)) : chosen.filter((d) => d !== name);
}

/** Enter goes on from a field, but not from a button (which acts itself) nor a note without Ctrl (a new line). */
export function enterGoesOn(tagName: string, ctrlOrMeta: boolean): boolean {
  if (tagName === 'BUTTON' || tagName === 'SUMMARY') return false;
  return tagName !== 'TEXTAREA' || ctrlOrMeta;
}

/** Tab stays inside the dialog: from the last field it wraps to the first, and Shift+Tab the other way. */
export function wrappedFocus<T>(focusable: T[], active: unknown, backwards: boolean): T | null {
  if (focusable.length === 0) return null;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (backwards && active === first) return last;
  if (!backwards && active === last) return first;
  return null;
}
