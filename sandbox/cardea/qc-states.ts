import { dayDate } from './days';
import type { GenerationContext } from './generation-context';
import type { Kind } from './instruments';
import type { Random } from './random';
import type { Scenario } from './run-plans';
import type { QcFields } from './sample-json';
import { QC_USERS, REVIEWERS } from './vocabulary';

export interface LibraryStatus {
  available: boolean;
  qc: 'none' | 'passed' | 'failed' | 'topUp';
  review: 'none' | 'passed' | 'failed';
}

/** QC and analysis state of the `index`th case-linked run-library of a run in `scenario`. */
export function libraryStatus(rng: Random, scenario: Scenario, kind: Kind, index: number): LibraryStatus {
  const decided = (): LibraryStatus['qc'] =>
    rng.weighted([
      ['passed', 88],
      ['failed', 7],
      ['topUp', 5],
    ] as const);
  switch (scenario) {
    case 'done':
    case 'runReview':
      return { available: true, qc: decided(), review: rng.chance(0.96) ? 'passed' : 'failed' };
    case 'review':
      return { available: true, qc: decided(), review: index === 0 || rng.chance(0.5) ? 'none' : 'passed' };
    case 'qc': {
      if (index === 0) return { available: true, qc: 'none', review: 'none' };
      // FD is ready with any library available, so some full-depth libraries may still be in analysis.
      if (kind === 'FD' && rng.chance(0.15)) return { available: false, qc: 'none', review: 'none' };
      return { available: true, qc: rng.chance(0.2) ? decided() : 'none', review: 'none' };
    }
    case 'partial':
      return { available: index === 0 || (index > 1 && rng.chance(0.5)), qc: 'none', review: 'none' };
    case 'analysis':
    case 'sequencing':
      return { available: false, qc: 'none', review: 'none' };
  }
}

/** Writes the QC and data review sign-offs `status` calls for; returns the day of the last one. */
export function applyQc(
  ctx: GenerationContext,
  target: QcFields,
  status: LibraryStatus,
  completion: number,
): number | null {
  const rng = ctx.rng;
  if (status.qc === 'none') return null;
  const qcDay = ctx.later(completion, 1, 3);
  target.qcPassed = status.qc === 'passed' ? true : status.qc === 'failed' ? false : null;
  target.qcReason = status.qc === 'passed' ? 'Passed' : status.qc === 'failed' ? 'Failed' : 'Top-up Required';
  target.qcUser = rng.pick(QC_USERS);
  target.qcDate = dayDate(qcDay);
  if (status.review === 'none') return qcDay;
  const reviewDay = ctx.later(qcDay, 0, 3);
  target.dataReviewPassed = status.review === 'passed';
  target.dataReviewUser = rng.pick(REVIEWERS);
  target.dataReviewDate = dayDate(reviewDay);
  return reviewDay;
}
