// The (qcPassed, release) combinations that mean something for each case sign-off step, with the Cardea enum
// name each maps to and Dimsum's label (docs/case-signoffs.md#allowed-status-pairs,
// docs/jira-and-nabu.md#nabu-statuses-in-cardea). Nabu stores any pair; Dimsum rejects the others, so Bao
// offers only these. Order = Dimsum's dialog order.

export const signoffSteps = ['ANALYSIS_REVIEW', 'RELEASE_APPROVAL', 'RELEASE'] as const;
export type SignoffStepName = (typeof signoffSteps)[number];

export interface StatusPair {
  /** Cardea's enum name. `PENDING` is serialised as a null status (`CaseQc.of(null, null)` is null). */
  status: string;
  label: string;
  qcPassed: boolean | null;
  release: boolean | null;
}

const pair = (status: string, label: string, qcPassed: boolean | null, release: boolean | null): StatusPair => ({
  status,
  label,
  qcPassed,
  release,
});

export const ALLOWED_STATUS_PAIRS: Readonly<Record<SignoffStepName, readonly StatusPair[]>> = {
  ANALYSIS_REVIEW: [
    pair('PENDING', 'Pending', null, null),
    pair('PASSED', 'Passed', true, null),
    pair('FAILED', 'Failed', false, null),
    pair('NOT_APPLICABLE', 'N/A', null, false),
  ],
  RELEASE_APPROVAL: [
    pair('PENDING', 'Pending', null, null),
    pair('PASSED_PROCEED', 'Passed/Proceed', true, true),
    pair('FAILED_PROCEED', 'Failed/Proceed', false, true),
    pair('FAILED_STOP', 'Failed/Stop', false, false),
    pair('NOT_APPLICABLE', 'N/A', null, false),
  ],
  RELEASE: [
    pair('PENDING', 'Pending', null, null),
    pair('PASSED_RELEASE', 'Passed/Released', true, true),
    pair('STAGED', 'Staged', true, false),
    pair('FAILED_RELEASE', 'Failure Released', false, true),
    pair('FAILED_STOP', 'Failure Not Released', false, false),
    pair('NOT_APPLICABLE', 'N/A', null, false),
  ],
};

/** The allowed pair for this step, or undefined when Cardea (and Dimsum) would reject the combination. */
export function findStatusPair(
  step: SignoffStepName,
  qcPassed: boolean | null,
  release: boolean | null,
): StatusPair | undefined {
  return ALLOWED_STATUS_PAIRS[step].find((p) => p.qcPassed === qcPassed && p.release === release);
}

/** What Cardea serves for a stored pair: the enum name, null for pending, undefined for an invalid pair. */
export function cardeaStatusFor(
  step: SignoffStepName,
  qcPassed: boolean | null,
  release: boolean | null,
): string | null | undefined {
  const found = findStatusPair(step, qcPassed, release);
  if (!found) return undefined;
  return found.status === 'PENDING' ? null : found.status;
}
