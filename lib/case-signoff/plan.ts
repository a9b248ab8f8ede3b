import type { CaseRecord } from '../cardea/records';
import type { NabuBulkRequest } from '../nabu/schema';
import { STEP_LABELS, statusByName, type SignoffStepName } from './steps';

// What one submission of the sign-off dialog means for Nabu (seed 003, docs/case-signoffs.md#deliverables): which
// deliverable types and deliverables the selected cases share, which cases the choice does not fit
// (named, with the reason, before anything is sent), and the bulk requests: one per deliverable for
// Release, one for the other steps. Nabu checks none of this (docs/jira-and-nabu.md#nabu-validation), so Bao does.

export const MAX_NOTE_LENGTH = 4000;

export interface SignoffChoice {
  step: SignoffStepName;
  deliverableType: string;
  /** Release only: the specific deliverables to sign off. */
  deliverables: string[];
  /** The Cardea status name of an allowed pair for the step, e.g. PASSED_PROCEED; PENDING clears. */
  status: string;
  /** As typed; empty means no note. */
  note: string;
}

export interface LeftOut {
  caseId: string;
  /** Set when the case is left out of one Release deliverable only. */
  deliverable: string | null;
  reason: string;
}

export interface SignoffPlan {
  /** Text fields as typed; the Nabu client encodes them. */
  requests: NabuBulkRequest[];
  /** Cases that get at least one sign-off. */
  included: string[];
  leftOut: LeftOut[];
  warnings: string[];
  /** Anything here means nothing can be submitted. */
  errors: string[];
  /** Rows Nabu will store: cases × deliverables. */
  signoffCount: number;
  /** "Release Approval · Data Release · Passed/Proceed". */
  summary: string;
}

export interface TypeOptions {
  /** Types every selected case has, in the first case's order (docs/case-signoffs.md#deliverables). */
  shared: string[];
  /** Types only some of the selected cases have; choosing one leaves the others out. */
  partial: { type: string; count: number }[];
}

const typesOf = (kase: CaseRecord) => kase.deliverables.map((d) => d.deliverableCategory);

export function deliverableTypeOptions(cases: readonly CaseRecord[]): TypeOptions {
  if (cases.length === 0) return { shared: [], partial: [] };
  const counts = new Map<string, number>();
  for (const kase of cases) for (const type of new Set(typesOf(kase))) counts.set(type, (counts.get(type) ?? 0) + 1);
  const shared = [...new Set(typesOf(cases[0]))].filter((t) => counts.get(t) === cases.length);
  const partial = [...counts].filter(([, n]) => n < cases.length).map(([type, count]) => ({ type, count }));
  return { shared, partial };
}

/** The type to preselect: the only shared one, if there is exactly one. */
export function preselectedType(options: TypeOptions): string {
  return options.shared.length === 1 ? options.shared[0] : '';
}

const hasType = (kase: CaseRecord, type: string) => kase.deliverables.some((d) => d.deliverableCategory === type);
const releasesUnder = (kase: CaseRecord, type: string) =>
  kase.deliverables.filter((d) => d.deliverableCategory === type).flatMap((d) => d.releases.map((r) => r.deliverable));
const allReleases = (kase: CaseRecord) => kase.deliverables.flatMap((d) => d.releases.map((r) => r.deliverable));

/**
 * The deliverables Release can be signed off for: those of the first case's chosen type that every
 * case with that type has, checked across all of its types (docs/case-signoffs.md#deliverables).
 */
export function releaseOptions(cases: readonly CaseRecord[], type: string): string[] {
  const withType = cases.filter((c) => hasType(c, type));
  if (withType.length === 0) return [];
  return [...new Set(releasesUnder(withType[0], type))].filter((name) =>
    withType.every((c) => allReleases(c).includes(name)),
  );
}

/** How many of the cases that would get a Release Approval lack earlier sign-offs (docs/case-signoffs.md#deliverables). */
export function missingEarlierCount(cases: readonly CaseRecord[], type: string): number {
  return cases.filter((c) => (!type || hasType(c, type)) && c.missingEarlierSignoffs).length;
}

export function summaryOf(choice: Pick<SignoffChoice, 'step' | 'deliverableType' | 'deliverables' | 'status'>): string {
  const pair = statusByName(choice.step, choice.status);
  const parts = [STEP_LABELS[choice.step], choice.deliverableType];
  if (choice.step === 'RELEASE' && choice.deliverables.length > 0) parts.push(choice.deliverables.join(', '));
  parts.push(pair?.label ?? choice.status);
  return parts.join(' · ');
}

const uniqueById = (cases: readonly CaseRecord[]) => [...new Map(cases.map((c) => [c.id, c])).values()];

export function planSignoff(selected: readonly CaseRecord[], choice: SignoffChoice, username: string): SignoffPlan {
  const cases = uniqueById(selected);
  const { step, deliverableType: type } = choice;
  const errors: string[] = [];
  const warnings: string[] = [];
  const leftOut: LeftOut[] = [];
  const pair = statusByName(step, choice.status);
  const deliverables = step === 'RELEASE' ? [...new Set(choice.deliverables)] : [];

  if (cases.length === 0) errors.push('Select at least one case.');
  if (!type) errors.push('Choose a deliverable type.');
  if (!pair) errors.push(`“${choice.status}” is not a ${STEP_LABELS[step]} status.`);
  if (step === 'RELEASE' && deliverables.length === 0) errors.push('No deliverables selected.');
  if (!username.trim()) {
    errors.push('Set your display name in Bao’s options: Nabu records it as the user who signed off.');
  }
  if (choice.note.length > MAX_NOTE_LENGTH) errors.push(`The note is longer than ${MAX_NOTE_LENGTH} characters.`);

  const fitting: CaseRecord[] = [];
  for (const kase of cases) {
    if (type && !hasType(kase, type)) {
      leftOut.push({ caseId: kase.id, deliverable: null, reason: `has no ${type} deliverable type` });
    } else {
      fitting.push(kase);
    }
  }

  if (step === 'ANALYSIS_REVIEW') {
    for (const kase of fitting) {
      if (kase.requisition.stopped) {
        warnings.push(
          `${kase.id} is stopped: its Analysis Review normally shows N/A (it still needs Release Approval and Release).`,
        );
      } else if (kase.deliverables.some((d) => d.deliverableCategory === type && d.analysisReviewSkipped)) {
        warnings.push(`${kase.id} skips analysis review for ${type}: it normally shows N/A.`);
      }
    }
  }

  const comment = choice.note.trim() === '' ? null : choice.note;
  const base = {
    signoffStepName: step,
    deliverableType: type,
    qcPassed: pair?.qcPassed ?? null,
    release: pair?.release ?? null,
    username: username.trim(),
    comment,
  };
  const requests: NabuBulkRequest[] = [];
  if (step === 'RELEASE') {
    for (const deliverable of deliverables) {
      const ids: string[] = [];
      for (const kase of fitting) {
        if (releasesUnder(kase, type).includes(deliverable)) ids.push(kase.id);
        else {
          const elsewhere = allReleases(kase).includes(deliverable);
          leftOut.push({
            caseId: kase.id,
            deliverable,
            reason: elsewhere
              ? `has ${deliverable} only under another deliverable type, not ${type}`
              : `has no ${deliverable} deliverable`,
          });
        }
      }
      if (ids.length > 0) requests.push({ ...base, deliverable, caseIdentifiers: ids });
    }
  } else if (fitting.length > 0) {
    requests.push({ ...base, deliverable: null, caseIdentifiers: fitting.map((c) => c.id) });
  }

  const included = [...new Set(requests.flatMap((r) => r.caseIdentifiers))];
  if (cases.length > 0 && type && included.length === 0 && errors.length === 0) {
    errors.push('None of the selected cases can take this sign-off.');
  }
  return {
    requests: errors.length > 0 ? [] : requests,
    included,
    leftOut,
    warnings,
    errors,
    signoffCount: errors.length > 0 ? 0 : requests.reduce((n, r) => n + r.caseIdentifiers.length, 0),
    summary: summaryOf({ ...choice, deliverables }),
  };
}
