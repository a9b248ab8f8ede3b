import { dayDate } from './days';
import { addDeliverables } from './deliverables';
import type { GenerationContext } from './generation-context';
import type { CaseState } from './generation-state';
import type { SampleJson } from './sample-json';
import { QC_USERS } from './vocabulary';

/** Dates for the case's non-run items (before its first run), deliverables, and activity dates. */
export function finishCase(ctx: GenerationContext, c: CaseState): void {
  const rng = ctx.rng;
  const start = (c.earliestRunDay ?? rng.int(20, 200)) + rng.int(12, 30);
  const json = c.json;
  json.startDate = dayDate(start);
  const stamp = (sample: SampleJson, day: number, signedOff: boolean) => {
    sample.createdDate = dayDate(day);
    sample.latestActivityDate = sample.createdDate;
    if (!signedOff) return;
    sample.qcPassed = sample.qcPassed ?? true;
    sample.qcReason = 'Ready';
    sample.qcUser = rng.pick(QC_USERS);
    sample.qcDate = dayDate(ctx.later(day, 0, 1));
    sample.latestActivityDate = sample.qcDate;
  };
  for (const receipt of json.receipts) stamp(receipt, start, true);
  let latest = c.latestRunDay ?? ctx.later(start, 5, 10);
  for (const test of c.tests) {
    const extractionDay = ctx.later(start, 2, 2);
    stamp(test.extraction, extractionDay, true);
    test.extraction.transferDate = dayDate(ctx.later(extractionDay, 0, 1));
    let testLatest = extractionDay;
    for (const library of test.libraries) {
      const prepDay =
        library.firstRunDay === null
          ? ctx.later(extractionDay, 2, 4)
          : Math.min(start - 5, library.firstRunDay + rng.int(2, 6));
      stamp(library.prep, Math.max(0, prepDay), c.stage !== 'analysisReview' || rng.chance(0.9));
      testLatest = Math.min(testLatest, prepDay);
    }
    if (test.latestRunDay !== null) testLatest = Math.min(testLatest, test.latestRunDay);
    test.json.latestActivityDate = dayDate(Math.max(0, testLatest));
    test.json.libraryQualificationDaysSpent = test.json.libraryQualifications.length > 0 ? rng.int(2, 9) : 0;
    test.json.fullDepthSequencingDaysSpent = test.json.fullDepthSequencings.length > 0 ? rng.int(3, 14) : 0;
    latest = Math.min(latest, testLatest);
  }
  const signOffEnd = addDeliverables(ctx, c, Math.max(0, latest));
  latest = Math.min(latest, signOffEnd);
  json.latestActivityDate = dayDate(Math.max(0, latest));
  json.caseDaysSpent = start - (c.stage === 'done' ? Math.max(0, latest) : 0);
  if (c.stage === 'done') {
    json.archivingStatus = rng.pick(['PENDING', 'STARTED', 'COMPLETE']);
    json.archivingDestination = 'Tape';
    json.archivingTtlDays = 365;
  }
}
