import { describe, expect, test } from 'vitest';
import { BADGE_COLORS, type BadgeSummary, badgeFor } from '../../../lib/qc/badge';

const summary = (fields: Partial<BadgeSummary>): BadgeSummary => ({
  runsWaiting: 0,
  casesWaiting: 0,
  failure: null,
  configured: true,
  ...fields,
});

describe('badgeFor', () => {
  test.each<[string, Partial<BadgeSummary>, string, string]>([
    ['nothing waiting → no text, the "clear" colour', {}, '', BADGE_COLORS.clear],
    ['runs and cases add up', { runsWaiting: 3, casesWaiting: 4 }, '7', BADGE_COLORS.waiting],
    ['one waiting', { casesWaiting: 1 }, '1', BADGE_COLORS.waiting],
    ['99 is shown as is', { runsWaiting: 90, casesWaiting: 9 }, '99', BADGE_COLORS.waiting],
    ['above 99 → 99+', { runsWaiting: 90, casesWaiting: 10 }, '99+', BADGE_COLORS.waiting],
    [
      'a failed refresh → ! in red, whatever waits',
      { runsWaiting: 5, failure: { system: 'Cardea', message: 'HTTP 500' } },
      '!',
      BADGE_COLORS.failure,
    ],
    ['not configured → … in grey', { configured: false, runsWaiting: 5 }, '…', BADGE_COLORS.unconfigured],
    [
      'not configured wins over a failure',
      { configured: false, failure: { system: 'Cardea', message: 'x' } },
      '…',
      BADGE_COLORS.unconfigured,
    ],
    ['stale data still shows the count', { runsWaiting: 2, stale: true }, '2', BADGE_COLORS.waiting],
  ])('%s', (_label, fields, text, color) => {
    const badge = badgeFor(summary(fields));
    expect(badge.text).toBe(text);
    expect(badge.color).toBe(color);
  });

  test('waiting and nothing-waiting colours differ, and the failure colour differs from both', () => {
    expect(new Set(Object.values(BADGE_COLORS)).size).toBe(4);
  });

  test.each<[string, Partial<BadgeSummary>, string[]]>([
    [
      'the title lists runs and cases separately',
      { runsWaiting: 3, casesWaiting: 1 },
      ['3 runs waiting for sign-off', '1 case waiting for sign-off'],
    ],
    [
      'zero of one kind is still listed',
      { runsWaiting: 1 },
      ['1 run waiting for sign-off', '0 cases waiting for sign-off'],
    ],
    ['nothing waiting says so', {}, ['Nothing waits for a sign-off.']],
    [
      'a failure names the system and why, and that the last good data is shown',
      { runsWaiting: 2, failure: { system: 'Cardea', message: 'Cardea had an internal error (HTTP 500).' } },
      [
        'Bao could not refresh from Cardea: Cardea had an internal error (HTTP 500).',
        'Still showing the last good data:',
        '2 runs waiting for sign-off',
      ],
    ],
    ['unconfigured asks to open the options', { configured: false }, ['open Bao’s options']],
    [
      'stale data is flagged',
      { casesWaiting: 2, stale: true },
      ['2 cases waiting for sign-off', 'Offline copy: this may be out of date.'],
    ],
    [
      'what the runs wait for, by run-library',
      { runsWaiting: 2, libraries: { pendingQc: 1, pendingDataReview: 14 } },
      ['2 runs waiting for sign-off (1 run-library pending QC, 14 pending data review)'],
    ],
  ])('%s', (_label, fields, fragments) => {
    const title = badgeFor(summary(fields)).title;
    for (const fragment of fragments) expect(title).toContain(fragment);
  });

  test('negative or fractional counts do not break the badge', () => {
    expect(badgeFor(summary({ runsWaiting: -3, casesWaiting: 1.7 })).text).toBe('1');
  });
});
