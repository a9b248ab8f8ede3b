import { describe, expect, test } from 'vitest';
import { type StateCode, latestStateCode, needsUpdate, parseStateCode, stateCodeOf } from '../../../lib/qc/state-code';

const code = (runState: 1 | 2 | 3, analysis: number, qc: number, dataReview: number): StateCode => ({
  runState,
  analysis,
  qc,
  dataReview,
});

describe('parseStateCode (§3.5)', () => {
  test.each<[string, string | null, StateCode | null]>([
    ['§3.5 a code ending the text', 'Run is pending QC.\n\nInternal use: <R1A2Q3D4>', code(1, 2, 3, 4)],
    ['§3.5 the code alone', '<R3A0Q0D0>', code(3, 0, 0, 0)],
    ['§3.5 multi-digit counts', 'x <R2A105Q17D0>', code(2, 105, 17, 0)],
    ['§3.5 DOTALL: many lines before the code', 'a\nb\r\nc\n\nInternal use: <R1A1Q1D0>', code(1, 1, 1, 0)],
    ['§3.5 two codes: the last one (the one at the end)', '<R1A9Q9D9> then <R2A1Q0D0>', code(2, 1, 0, 0)],
    ['Bao: trailing whitespace after the code is tolerated', 'Internal use: <R1A0Q1D0>\n', code(1, 0, 1, 0)],
    ['§3.5 a code not at the end → none', 'Internal use: <R1A1Q1D0>\n\nThanks, fixed it.', null],
    ['§3.5 a code followed by a full stop → none', 'Internal use: <R1A1Q1D0>.', null],
    ['§3.5 run state 4 is not a code', 'Internal use: <R4A1Q1D0>', null],
    ['§3.5 run state 0 is not a code', 'Internal use: <R0A1Q1D0>', null],
    ['§3.5 the closing comment has no code', 'All sign-offs have been completed.', null],
    ['empty text', '', null],
    ['no text', null, null],
  ])('%s', (_label, text, expected) => {
    expect(parseStateCode(text)).toEqual(expected);
  });
});

describe('latestStateCode (§3.5)', () => {
  const description = 'Run is pending QC.\n\nInternal use: <R1A1Q1D0>';
  test.each<[string, { body: string; created: string }[], StateCode | null]>([
    ['§3.5 no comments → the description', [], code(1, 1, 1, 0)],
    [
      '§3.5 the newest coded comment wins',
      [
        { body: '<R1A0Q2D0>', created: '2023-01-06T10:00:00.000+0000' },
        { body: '<R1A0Q0D2>', created: '2023-01-07T10:00:00.000+0000' },
      ],
      code(1, 0, 0, 2),
    ],
    [
      '§3.5 by creation time, not list order',
      [
        { body: '<R1A0Q0D2>', created: '2023-01-07T10:00:00.000+0000' },
        { body: '<R1A0Q2D0>', created: '2023-01-06T10:00:00.000+0000' },
      ],
      code(1, 0, 0, 2),
    ],
    [
      '§3.5 a newer comment without a code is skipped',
      [
        { body: '<R2A0Q1D0>', created: '2023-01-06T10:00:00.000+0000' },
        { body: 'Looking at lane 2 now.', created: '2023-01-08T10:00:00.000+0000' },
      ],
      code(2, 0, 1, 0),
    ],
    [
      '§3.5 a newer comment quoting a code mid-text is skipped',
      [
        { body: '<R2A0Q1D0>', created: '2023-01-06T10:00:00.000+0000' },
        { body: 'It said <R3A0Q0D0> earlier, odd.', created: '2023-01-08T10:00:00.000+0000' },
      ],
      code(2, 0, 1, 0),
    ],
    [
      '§3.5 time zones are compared as instants',
      [
        { body: '<R2A0Q0D1>', created: '2023-01-07T09:00:00.000-0500' },
        { body: '<R2A0Q1D0>', created: '2023-01-07T10:00:00.000+0000' },
      ],
      code(2, 0, 0, 1),
    ],
    [
      '§3.5 comments without codes → the description',
      [{ body: 'hello', created: '2023-01-06T10:00:00.000+0000' }],
      code(1, 1, 1, 0),
    ],
  ])('%s', (_label, comments, expected) => {
    expect(latestStateCode(description, comments)).toEqual(expected);
  });

  test('§3.5 no code anywhere → null', () => {
    expect(latestStateCode('A ticket made by hand', [{ body: 'hi', created: '2023-01-06T10:00:00Z' }])).toBeNull();
  });
});

describe('needsUpdate (§3.5, §7.18)', () => {
  test.each<[string, StateCode | null, StateCode, boolean]>([
    ['§3.5 no previous code → update', null, code(1, 1, 1, 0), true],
    ['§3.5 same counts and state → no update', code(1, 1, 1, 0), code(1, 1, 1, 0), false],
    ['§3.5 run state differs → update', code(1, 1, 1, 0), code(2, 1, 1, 0), true],
    ['§3.5 A differs → update', code(1, 1, 1, 0), code(1, 0, 1, 0), true],
    ['§3.5 Q differs → update', code(1, 1, 1, 0), code(1, 1, 2, 0), true],
    ['§3.5 D differs → update', code(1, 1, 1, 0), code(1, 1, 1, 1), true],
  ])('%s', (_label, previous, current, update) => {
    expect(needsUpdate(previous, current)).toBe(update);
  });

  test('§3.5 different libraries with equal counts → no update', () => {
    const lib = (name: string) => ({ id: name, name, lane: '1', project: 'P' });
    const base = {
      runName: 'R',
      pendingAnalysis: [],
      pendingDataReview: [],
      runState: 2 as const,
      requiresAction: true,
      desiredState: 'OPEN' as const,
    };
    const before = stateCodeOf({ ...base, pendingQc: [lib('A'), lib('B')] });
    const after = stateCodeOf({ ...base, pendingQc: [lib('C'), lib('D')] });
    expect(needsUpdate(before, after)).toBe(false);
  });
});
