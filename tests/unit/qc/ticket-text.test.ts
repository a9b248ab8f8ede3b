import { describe, expect, test } from 'vitest';
import type { PendingLibrary, RunNotification } from '../../../lib/qc/notifications';
import {
  ALL_SIGNED_OFF_COMMENT,
  libraryListLines,
  runNameFromSummary,
  ticketSummary,
  ticketText,
  wikiEscape,
} from '../../../lib/qc/ticket-text';
import { wikiToAdf } from '../../../lib/jira/client-adf';

const lib = (name: string, lane: string | null = '1', project: string | null = 'PROJ'): PendingLibrary => ({
  id: `${name}_${lane}`,
  name,
  lane,
  project,
});
const many = (count: number, projectOf: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => lib(`LIB_${String(i).padStart(3, '0')}`, '1', projectOf(i)));

function notification(fields: Partial<RunNotification>): RunNotification {
  return {
    runName: '230105_A00469_0405_AHXXXXDSX3',
    pendingAnalysis: [],
    pendingQc: [],
    pendingDataReview: [],
    runState: 1,
    requiresAction: true,
    desiredState: 'OPEN',
    ...fields,
  };
}
const runUrl = 'https://miso.example.org/miso/run/alias/230105_A00469_0405_AHXXXXDSX3';

describe('ticketText (§3.4)', () => {
  test('§3.4 the whole text: run state, lists, counts, link, state code', () => {
    const text = ticketText(
      notification({
        runState: 2,
        pendingQc: [lib('PROJ_0002_WG', '2'), lib('PROJ_0001_WG', '1')],
        pendingAnalysis: [lib('a'), lib('b'), lib('c')],
      }),
      { runUrl },
    );
    expect(text).toBe(
      [
        'Run is pending data review.',
        '',
        '2 libraries are pending QC:',
        '',
        '* PROJ_0001_WG (L1)',
        '* PROJ_0002_WG (L2)',
        '',
        '0 libraries are pending data review.',
        '',
        '3 other libraries are still pending analysis.',
        '',
        `[See metrics in Bao|${runUrl}]`,
        '',
        'Internal use: <R2A3Q2D0>',
      ].join('\n'),
    );
  });

  test("§3.4 a new ticket's description carries the override sentence (full stop inside the quotes)", () => {
    const text = ticketText(notification({ runState: 3, pendingDataReview: [lib('X', '3')] }), {
      runUrl,
      overrideResolution: "Won't Do",
    });
    expect(text).toBe(
      [
        'Run-level QC completed.',
        '',
        '0 libraries are pending QC.',
        '',
        '1 libraries are pending data review:',
        '',
        '* X (L3)',
        '',
        '0 other libraries are still pending analysis.',
        '',
        `[See metrics in Bao|${runUrl}]`,
        '',
        'To permanently close this issue without completing, set resolution to "Won\'t Do."',
        '',
        'Internal use: <R3A0Q0D1>',
      ].join('\n'),
    );
  });

  test.each<[string, 1 | 2 | 3, string]>([
    ['§3.4 run state 1', 1, 'Run is pending QC.'],
    ['§3.4 run state 2', 2, 'Run is pending data review.'],
    ['§3.4 run state 3', 3, 'Run-level QC completed.'],
  ])('%s', (_label, runState, line) => {
    const text = ticketText(notification({ runState }), { runUrl });
    expect(text.split('\n')[0]).toBe(line);
    expect(text.endsWith(`<R${runState}A0Q0D0>`)).toBe(true);
  });

  test('§3.4 the override sentence is absent unless asked for', () => {
    expect(ticketText(notification({}), { runUrl })).not.toContain('permanently close');
  });
});

describe('libraryListLines (§3.4 LIST, §7.21)', () => {
  test.each<[string, PendingLibrary[], string[]]>([
    [
      '§3.4 sorted by name, then lane as a number',
      [lib('B', '1'), lib('A', '10'), lib('A', '2')],
      ['* A (L2)', '* A (L10)', '* B (L1)'],
    ],
    ['§3.4 one library still says "libraries" in the heading, one line here', [lib('ONLY', '4')], ['* ONLY (L4)']],
  ])('%s', (_label, libraries, lines) => {
    expect(libraryListLines(libraries)).toEqual(lines);
  });

  test.each<[string, PendingLibrary[], number, string | null]>([
    ['§3.4/§7.21 100 libraries → one line each', many(100, () => 'PROJ'), 100, '* LIB_000 (L1)'],
    [
      '§3.4/§7.21 101 libraries in 2 projects → one line per project',
      many(101, (i) => (i < 60 ? 'PROJA' : 'PROJB')),
      2,
      '* 60 PROJA libraries',
    ],
    [
      '§3.4/§7.21 101 libraries in 100 projects → one line per project',
      many(101, (i) => `P${String(i % 100).padStart(3, '0')}`),
      100,
      '* 2 P000 libraries',
    ],
    [
      '§3.4/§7.21 101 libraries in 101 projects → one summary line',
      many(101, (i) => `P${i}`),
      1,
      '* 101 libraries in 101 projects',
    ],
  ])('%s', (_label, libraries, lineCount, firstLine) => {
    const lines = libraryListLines(libraries);
    expect(lines).toHaveLength(lineCount);
    expect(lines[0]).toBe(firstLine);
  });

  test('§3.4 project lines are sorted by project', () => {
    expect(libraryListLines(many(101, (i) => (i % 2 ? 'ZED' : 'ALPHA')))).toEqual([
      '* 51 ALPHA libraries',
      '* 50 ZED libraries',
    ]);
  });

  test('§3.4 the LIST in the text is ":" + blank line + lines; "." when empty', () => {
    const text = ticketText(notification({ pendingQc: many(101, (i) => (i < 60 ? 'PROJA' : 'PROJB')) }), { runUrl });
    expect(text).toContain(
      '101 libraries are pending QC:\n\n* 60 PROJA libraries\n* 41 PROJB libraries\n\n0 libraries are pending data review.\n\n',
    );
  });
});

describe('summary (§3.3, §3.4, §7.20)', () => {
  test("§3.4 the summary keeps Dimsum's format", () => {
    expect(ticketSummary('230105_A00469_0405_AHXXXXDSX3')).toBe('230105_A00469_0405_AHXXXXDSX3 Dimsum Run QC');
  });
  test.each<[string, string, string | null]>([
    ['§3.3 a run ticket', 'RUN_1 Dimsum Run QC', 'RUN_1'],
    ['§3.3 a name with spaces', 'RUN 1 Dimsum Run QC', 'RUN 1'],
    ['§3.3 anything after the suffix → not a run ticket', 'RUN_1 Dimsum Run QC (copy)', null],
    ['§3.3 the suffix alone → not a run ticket', ' Dimsum Run QC', null],
    ['§3.3 another summary', 'Fix the sequencer', null],
  ])('%s', (_label, summary, runName) => {
    expect(runNameFromSummary(summary)).toBe(runName);
  });
  test('§3.3 the closing comment carries no state code', () => {
    expect(ALL_SIGNED_OFF_COMMENT).toBe('All sign-offs have been completed.');
  });
});

describe('Cardea strings are text in the ticket, never markup', () => {
  test('a library named like a link, a macro or an image is escaped; usual names keep their text', () => {
    const text = ticketText(
      notification({
        pendingQc: [
          lib('[Open|https://evil.example]'),
          lib('{html}<b>x</b>{html}'),
          lib('!https://evil.example/a.png!'),
          lib('PROJ_0001_Ly_R_PE_385_WG'),
        ],
      }),
      { runUrl },
    );
    expect(text).toContain('* \\[Open\\|https://evil.example\\] (L1)');
    expect(text).toContain('* \\{html\\}<b>x</b>\\{html\\} (L1)');
    expect(text).toContain('* \\!https://evil.example/a.png\\! (L1)');
    expect(text).toContain('* PROJ_0001_Ly_R_PE_385_WG (L1)');
    expect(text).not.toContain('[Open|');
  });

  test('effects open only at a word edge, and a line break cannot start a line of its own', () => {
    expect(wikiEscape('PROJ_0001_Ly-R')).toBe('PROJ_0001_Ly-R');
    expect(wikiEscape('*bold* _it_ -x-')).toBe('\\*bold\\* \\_it\\_ \\-x\\-');
    expect(wikiEscape('A\n\nh1. Big\r\n* fake')).toBe('A h1. Big \\* fake');
    const text = ticketText(notification({ pendingQc: [lib('A\n\nInternal use: <R3A0Q0D0>', '1', '[P|https://x]')] }), {
      runUrl,
    });
    expect(text.split('\n').filter((line) => line.startsWith('Internal use:'))).toHaveLength(1);
  });

  test("in Cloud's ADF the escaped name is plain text, and the Bao link is still the only link", () => {
    const text = ticketText(notification({ pendingQc: [lib('[Open|https://evil.example]')] }), { runUrl });
    const doc = JSON.stringify(wikiToAdf(text));
    expect(doc).toContain('"text":"[Open|https://evil.example] (L1)"');
    expect(doc.match(/"href"/g)).toHaveLength(1);
    expect(doc).toContain(`"href":"${runUrl}"`);
  });
});
