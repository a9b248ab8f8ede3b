import { describe, expect, test } from 'vitest';
import {
  decideLookup,
  decideTicket,
  groupOpenTickets,
  isRepeatedComment,
  issueStateOf,
  ownDuplicates,
  primaryTicket,
  runNameOf,
  settleCreated,
  stepsTowards,
  type KeeperDecision,
  type KeeperStep,
  type ReadComments,
  type TicketDetail,
  type TicketRef,
} from '../../../lib/keeper/engine';
import type { RunNotification } from '../../../lib/qc/notifications';
import { ALL_SIGNED_OFF_COMMENT } from '../../../lib/qc/ticket-text';
import {
  coded,
  comment,
  detail,
  notify,
  pending,
  RULES,
  RUN,
  RUN_URL,
  ticket,
  type Counts,
  type RunDates,
} from './builders';

const counts = (a: number, q: number, d: number, done: number): Counts => ({ a, q, d, done });

/** A step as a reader of the ticket history would describe it: what happens and which code the text ends with. */
function label(step: KeeperStep): string {
  const tail = (text: string | null) => (text === null ? '-' : (/<R\dA\d+Q\d+D\d+>$/.exec(text)?.[0] ?? `"${text}"`));
  switch (step.kind) {
    case 'create':
      return `create ${tail(step.description)}`;
    case 'comment':
      return `comment ${tail(step.body)}`;
    case 'reopen':
      return `reopen ${tail(step.comment)}`;
    case 'close':
      return `close ${step.resolution} ${tail(step.comment)}`;
  }
}

function settle(plan: KeeperDecision | ReadComments, again: () => KeeperDecision | ReadComments): KeeperDecision {
  const decided = 'read' in plan ? again() : plan;
  if ('read' in decided) throw new Error('asked for comments twice');
  return decided;
}

interface TicketState {
  resolution: string | null;
  description?: string;
  comments?: string[];
}

/** docs/notifications-and-tickets.md#ticket-keeper A for an unresolved ticket, B otherwise (the run then needs a notification as for a run without a ticket). */
function decide(data: Counts, state: TicketState | 'none', dates?: RunDates): KeeperDecision {
  const open = state !== 'none' && state.resolution === null;
  const notification = notify(data, open, dates);
  if (state === 'none') {
    if (!notification) throw new Error('a run without a ticket needs a notification');
    return settle(decideLookup({ runName: RUN, notification, lookup: { ok: true, tickets: [] }, rules: RULES }), () => {
      throw new Error('no ticket to read');
    });
  }
  const t = ticket({ resolution: state.resolution });
  const full = detail(
    t,
    state.description ?? null,
    (state.comments ?? []).map((body, i) => comment(i + 1, body)),
  );
  if (open) {
    const input = { runName: RUN, ticket: t, notification, rules: RULES };
    return settle(decideTicket(input), () => decideTicket({ ...input, detail: full }));
  }
  if (!notification) throw new Error('a resolved ticket is looked up only for a ready run');
  const input = { runName: RUN, notification, lookup: { ok: true as const, tickets: [t] }, rules: RULES };
  return settle(decideLookup(input), () => decideLookup({ ...input, detail: full }));
}

describe("§3.3 lifecycle, with Dimsum's NotificationManagerTest scenarios (mock run: data review date, no QC date → R1)", () => {
  const rows: [string, Counts, TicketState | 'none', string[], KeeperDecision['outcome'], boolean][] = [
    ['new run: create', counts(1, 1, 0, 0), 'none', ['create <R1A1Q1D0>'], 'created', true],
    [
      'unchanged: nothing',
      counts(1, 1, 0, 0),
      { resolution: null, description: coded('<R1A1Q1D0>') },
      [],
      'unchanged',
      true,
    ],
    [
      'comment is newer than the description: nothing',
      counts(0, 0, 2, 0),
      { resolution: null, description: coded('<R1A0Q2D0>'), comments: [coded('<R1A0Q0D2>')] },
      [],
      'unchanged',
      true,
    ],
    [
      'changed: one comment',
      counts(1, 0, 1, 0),
      { resolution: null, description: coded('<R1A1Q1D0>') },
      ['comment <R1A1Q0D1>'],
      'commented',
      true,
    ],
    [
      'only analysis left: pause',
      counts(1, 0, 0, 1),
      { resolution: null, description: coded('<R1A1Q1D0>') },
      ['close Incomplete <R1A1Q0D0>'],
      'paused',
      false,
    ],
    [
      'all signed off: close Done without a code',
      counts(0, 0, 0, 2),
      { resolution: null },
      [`close Done "${ALL_SIGNED_OFF_COMMENT}"`],
      'closed',
      false,
    ],
    [
      'paused, QC due again: reopen with the comment',
      counts(0, 1, 0, 1),
      { resolution: 'Incomplete' },
      ['reopen <R1A0Q1D0>'],
      'reopened',
      true,
    ],
    [
      "overridden (Won't Do): nothing, not listed",
      counts(0, 1, 0, 1),
      { resolution: "Won't Do" },
      [],
      'overridden',
      false,
    ],
    [
      'closed Done by hand while QC is due: reopened',
      counts(0, 1, 0, 1),
      { resolution: 'Done' },
      ['reopen <R1A0Q1D0>'],
      'reopened',
      true,
    ],
    [
      'closed with another resolution: reopened',
      counts(0, 1, 0, 1),
      { resolution: 'Fixed' },
      ['reopen <R1A0Q1D0>'],
      'reopened',
      true,
    ],
    [
      'no code anywhere (a hand-made ticket): comment',
      counts(0, 1, 0, 0),
      { resolution: null, description: 'Please look at this run.', comments: ['Any news?'] },
      ['comment <R1A0Q1D0>'],
      'commented',
      true,
    ],
    [
      'a code followed by more text is not a code',
      counts(0, 1, 0, 0),
      { resolution: null, description: `${coded('<R1A0Q1D0>')}\n\nEdited by hand.` },
      ['comment <R1A0Q1D0>'],
      'commented',
      true,
    ],
  ];
  test.each(rows)('%s', (_scenario, data, state, steps, outcome, listed) => {
    const decision = decide(data, state);
    expect(decision.steps.map(label)).toEqual(steps);
    expect([decision.outcome, decision.listed]).toEqual([outcome, listed]);
  });

  test('a ticket closed with another resolution is reopened first, then closed with the right one (§3.6)', () => {
    const t = ticket({ resolution: 'Done' });
    const paused = decideTicket({
      runName: RUN,
      ticket: t,
      notification: notify(counts(1, 0, 0, 1), true),
      rules: RULES,
    });
    expect('read' in paused ? [] : paused.steps.map(label)).toEqual(['reopen -', 'close Incomplete <R1A1Q0D0>']);
    const done = decideTicket({
      runName: RUN,
      ticket: ticket({ resolution: 'Incomplete' }),
      notification: null,
      rules: RULES,
    });
    expect('read' in done ? [] : done.steps.map(label)).toEqual(['reopen -', `close Done "${ALL_SIGNED_OFF_COMMENT}"`]);
  });

  test('the run-level sign-off is a change: R1 → R2 is commented, run data review done closes it', () => {
    const reviewedLibraries = counts(0, 0, 0, 2);
    const qcDone = decide(
      reviewedLibraries,
      { resolution: null, description: coded('<R1A0Q0D0>') },
      { qcDate: '2023-01-09', dataReviewDate: null },
    );
    expect(qcDone.steps.map(label)).toEqual(['comment <R2A0Q0D0>']);
    expect(qcDone.listed).toBe(true);
    const reviewed = decide(
      reviewedLibraries,
      { resolution: null, description: coded('<R2A0Q0D0>') },
      { qcDate: '2023-01-09', dataReviewDate: '2023-01-10' },
    );
    expect(reviewed.steps.map(label)).toEqual([`close Done "${ALL_SIGNED_OFF_COMMENT}"`]);
  });

  test('"Incomplete" hides pending run QC: only analysis left pauses the ticket, yet the run stays listed (pitfall 17)', () => {
    const decision = decide(
      counts(1, 0, 0, 3),
      { resolution: null, description: coded('<R1A1Q2D1>') },
      { qcDate: null, dataReviewDate: null },
    );
    expect(decision.steps.map(label)).toEqual(['close Incomplete <R1A1Q0D0>']);
    expect(decision).toMatchObject({ outcome: 'paused', to: 'PAUSED', listed: true });
    const close = decision.steps[0];
    expect(close.kind === 'close' && close.comment.startsWith('Run is pending QC.')).toBe(true);
  });

  test('a ticket already where it should be asks for its comments before deciding, and never transitions', () => {
    const t = ticket();
    const plan = decideTicket({
      runName: RUN,
      ticket: t,
      notification: notify(counts(0, 1, 0, 0), true),
      rules: RULES,
    });
    expect(plan).toEqual({ read: 'comments', key: t.key });
  });
});

describe('the text the keeper writes (§3.4)', () => {
  test('a new ticket: summary, the description with the override line, the MISO run link and the code at the end', () => {
    const decision = decide(counts(1, 2, 1, 0), 'none');
    expect(decision.steps).toEqual([
      {
        kind: 'create',
        summary: `${RUN} Dimsum Run QC`,
        description: [
          'Run is pending QC.',
          '',
          '2 libraries are pending QC:',
          '',
          '* PROJ_Q_000 (L1)',
          '* PROJ_Q_001 (L1)',
          '',
          '1 libraries are pending data review:',
          '',
          '* PROJ_D_000 (L1)',
          '',
          '1 other libraries are still pending analysis.',
          '',
          `[See metrics in Bao|${RUN_URL}]`,
          '',
          'To permanently close this issue without completing, set resolution to "Won\'t Do."',
          '',
          'Internal use: <R1A1Q2D1>',
        ].join('\n'),
      },
    ]);
  });

  test('a comment: the same text without the override line', () => {
    const decision = decide(counts(0, 1, 0, 0), { resolution: null, description: coded('<R1A0Q2D0>') });
    const step = decision.steps[0];
    expect(step.kind === 'comment' && step.body).toBe(
      [
        'Run is pending QC.',
        '1 libraries are pending QC:\n\n* PROJ_Q_000 (L1)',
        '0 libraries are pending data review.',
        '0 other libraries are still pending analysis.',
        `[See metrics in Bao|${RUN_URL}]`,
        'Internal use: <R1A0Q1D0>',
      ].join('\n\n'),
    );
  });

  test('same counts, different libraries: nothing is posted (§3.5)', () => {
    const before = notify(counts(0, 2, 0, 0), true)!;
    const now: RunNotification = { ...before, pendingQc: [pending('OTHER_1'), pending('OTHER_2')] };
    const t = ticket();
    const input = { runName: RUN, ticket: t, notification: now, rules: RULES };
    const text = decide(counts(0, 2, 0, 0), 'none').steps[0];
    const previous = text.kind === 'create' ? text.description : '';
    const decision = settle(decideTicket(input), () => decideTicket({ ...input, detail: detail(t, previous) }));
    expect(decision).toMatchObject({ outcome: 'unchanged', steps: [] });
  });

  const collapsing: [string, number, number, string[]][] = [
    ['100 libraries are listed one by one', 100, 3, []],
    [
      '101 libraries in 3 projects: one line per project',
      101,
      3,
      ['* 34 P0 libraries', '* 34 P1 libraries', '* 33 P2 libraries'],
    ],
    ['150 libraries in 101 projects: one line', 150, 101, ['* 150 libraries in 101 projects']],
  ];
  test.each(collapsing)('the list collapses: %s', (_name, total, projects, lines) => {
    const base = notify(counts(0, 1, 0, 0), true)!;
    const pendingQc = Array.from({ length: total }, (_, i) =>
      pending(`LIB_${String(i).padStart(3, '0')}`, '1', `P${i % projects}`),
    );
    const t = ticket();
    const input = {
      runName: RUN,
      ticket: t,
      notification: { ...base, pendingQc, desiredState: 'OPEN' as const },
      rules: RULES,
    };
    const decision = settle(decideTicket(input), () =>
      decideTicket({ ...input, detail: detail(t, coded('<R1A0Q0D0>')) }),
    );
    const step = decision.steps[0];
    const body = step.kind === 'comment' ? step.body : '';
    const listLines = body.split('\n').filter((line) => line.startsWith('* '));
    if (lines.length === 0) expect(listLines).toHaveLength(total);
    else expect(listLines).toEqual(lines);
    expect(body).toMatch(new RegExp(`^Run is pending QC\\.\\n\\n${total} libraries are pending QC:`));
    expect(body.endsWith(`Internal use: <R1A0Q${total}D0>`)).toBe(true);
  });
});

describe('lookups (§3.3 B)', () => {
  const ready = notify(counts(0, 1, 0, 0), false)!;

  test('a failed search: no action, listed without a key', () => {
    const decision = decideLookup({ runName: RUN, notification: ready, lookup: { ok: false }, rules: RULES });
    expect(decision).toEqual({
      runName: RUN,
      key: null,
      from: null,
      to: null,
      steps: [],
      code: null,
      listed: true,
      outcome: 'search-failed',
    });
  });

  test('"Won\'t Do" is never touched and never listed, whatever changed', () => {
    for (const data of [counts(0, 1, 0, 0), counts(0, 0, 3, 0), counts(2, 5, 1, 0)]) {
      const decision = decide(data, { resolution: "won't do" });
      expect(decision).toMatchObject({ outcome: 'overridden', steps: [], listed: false, to: 'OVERRIDDEN' });
    }
  });

  test('the oldest exact match stands for the run; a keeper\'s "Duplicate" is ignored', () => {
    const older = ticket({ key: 'GLT-7', created: '2023-01-01T00:00:00.000+0000', resolution: 'Incomplete' });
    const newer = ticket({ key: 'GLT-9', created: '2023-01-02T00:00:00.000+0000' });
    const duplicate = ticket({ key: 'GLT-5', created: '2022-12-01T00:00:00.000+0000', resolution: 'Duplicate' });
    expect(primaryTicket([newer, duplicate, older], RULES.resolutions)?.key).toBe('GLT-7');
    const decision = decideLookup({
      runName: RUN,
      notification: ready,
      lookup: { ok: true, tickets: [newer, duplicate, older] },
      rules: RULES,
    });
    expect(decision).toMatchObject({ key: 'GLT-7', outcome: 'reopened' });
    const onlyDuplicate = decideLookup({
      runName: RUN,
      notification: ready,
      lookup: { ok: true, tickets: [duplicate] },
      rules: RULES,
    });
    expect(onlyDuplicate).toMatchObject({ outcome: 'created', key: null });
  });
});

describe('open tickets (§3.3 A)', () => {
  test('grouped by run, oldest first; summaries that are not run tickets are skipped', () => {
    const a1 = ticket({ key: 'GLT-3', summary: 'RUN_A Dimsum Run QC', created: '2023-01-02T00:00:00.000+0000' });
    const a2 = ticket({ key: 'GLT-2', summary: 'RUN_A Dimsum Run QC', created: '2023-01-01T00:00:00.000+0000' });
    const b = ticket({ key: 'GLT-4', summary: 'RUN_B Dimsum Run QC' });
    const question = ticket({ key: 'GLT-5', summary: 'Why is RUN_A Dimsum Run QC so slow?' });
    const bare = ticket({ key: 'GLT-6', summary: ' Dimsum Run QC' });
    const { byRun, unparsed } = groupOpenTickets([a1, b, question, a2, bare], RULES);
    expect([...byRun].map(([run, g]) => [run, g.ticket.key, g.duplicates.map((d) => d.key)])).toEqual([
      ['RUN_A', 'GLT-2', ['GLT-3']],
      ['RUN_B', 'GLT-4', []],
    ]);
    expect(unparsed.map((t) => t.key)).toEqual(['GLT-5', 'GLT-6']);
  });

  const names: [string, string | null][] = [
    ['230105_A00469_0405_AHXXXXDSX3 Dimsum Run QC', '230105_A00469_0405_AHXXXXDSX3'],
    ['Question about X Dimsum Run QC', 'Question about X'],
    ['X Dimsum Run QC ', null],
    ['X dimsum run qc', null],
    [' Dimsum Run QC', null],
  ];
  test.each(names)('the run of "%s" is %s', (summary, run) => {
    expect(runNameOf(summary, RULES)).toBe(run);
  });

  const states: [string | null, string][] = [
    [null, 'OPEN'],
    ['Incomplete', 'PAUSED'],
    ["Won't Do", 'OVERRIDDEN'],
    ['Done', 'CLOSED'],
    ['Duplicate', 'CLOSED'],
    ['Fixed', 'CLOSED'],
  ];
  test.each(states)('resolution %s → %s (§3.6)', (resolution, state) => {
    expect(issueStateOf(resolution, RULES.resolutions)).toBe(state);
  });

  const paths: [string, 'OPEN' | 'PAUSED' | 'CLOSED', 'OPEN' | 'PAUSED' | 'CLOSED', string[]][] = [
    ['open → paused', 'PAUSED', 'OPEN', ['close Incomplete <R1A0Q0D0>']],
    ['open → closed', 'CLOSED', 'OPEN', ['close Done <R1A0Q0D0>']],
    ['paused → open', 'OPEN', 'PAUSED', ['reopen <R1A0Q0D0>']],
    ['closed → paused', 'PAUSED', 'CLOSED', ['reopen -', 'close Incomplete <R1A0Q0D0>']],
    ['paused → closed', 'CLOSED', 'PAUSED', ['reopen -', 'close Done <R1A0Q0D0>']],
    ['already paused: just the comment', 'PAUSED', 'PAUSED', ['comment <R1A0Q0D0>']],
  ];
  test.each(paths)('§3.6 transitions: %s', (_name, target, current, steps) => {
    expect(stepsTowards(target, current, coded('<R1A0Q0D0>'), RULES.resolutions).map(label)).toEqual(steps);
  });
});

describe('whose state code counts', () => {
  // The run now: 2 pending QC, so the code the keeper would write is <R1A0Q2D0>.
  const now = notify(counts(0, 2, 0, 0), true)!;
  const current = '<R1A0Q2D0>';
  const t = ticket({ reporter: 'dimsum' });
  const decideWith = (comments: ReturnType<typeof comment>[]) => {
    const input = { runName: RUN, ticket: t, notification: now, rules: RULES, account: 'qc.bot' };
    return settle(decideTicket(input), () =>
      decideTicket({ ...input, detail: detail(t, coded('<R1A0Q3D0>'), comments) }),
    );
  };

  test("a Jira user's comment ending with the current code does not stop the keeper's update", () => {
    const decision = decideWith([comment(1, coded(current), 'mallory')]);
    expect(decision).toMatchObject({ outcome: 'commented' });
    expect(decision.steps[0]).toMatchObject({ kind: 'comment' });
  });

  test("the keeper's own comment and the ticket reporter's (Dimsum's) count", () => {
    expect(decideWith([comment(1, coded(current), 'qc.bot')])).toMatchObject({ outcome: 'unchanged', steps: [] });
    expect(decideWith([comment(1, coded(current), 'dimsum')])).toMatchObject({ outcome: 'unchanged', steps: [] });
    // A later spoof does not hide the keeper's own older code either: the older trusted code decides.
    expect(
      decideWith([comment(1, coded('<R1A0Q3D0>'), 'qc.bot'), comment(2, coded(current), 'mallory')]),
    ).toMatchObject({ outcome: 'commented' });
  });

  test("a Jira user's earlier comment with the same code does not make the keeper take its own back", () => {
    const spoofed = detail(t, coded('<R1A0Q3D0>'), [
      comment(1, coded(current), 'mallory'),
      comment(2, coded(current), 'qc.bot'),
    ]);
    expect(isRepeatedComment(spoofed, '2', 'qc.bot')).toBe(false);
    const twoKeepers = detail(t, coded('<R1A0Q3D0>'), [
      comment(1, coded(current), 'qc.bot'),
      comment(2, coded(current), 'qc.bot'),
    ]);
    expect(isRepeatedComment(twoKeepers, '2', 'qc.bot')).toBe(true);
  });
});

describe('convergence of two keepers', () => {
  const older = ticket({ key: 'GLT-10', created: '2023-01-01T00:00:00.000+0000', reporter: 'other.bot' });
  const mine = ticket({ key: 'GLT-11', created: '2023-01-01T00:00:01.000+0000' });

  const creations: [string, string, TicketRef[], { keep: string; removeOurs: boolean }][] = [
    ['alone: keep ours', 'GLT-11', [mine], { keep: 'GLT-11', removeOurs: false }],
    ['another keeper was first: remove ours', 'GLT-11', [mine, older], { keep: 'GLT-10', removeOurs: true }],
    ['we were first: keep ours', 'GLT-10', [older, mine], { keep: 'GLT-10', removeOurs: false }],
    ['the search has not caught up with ours yet: keep ours', 'GLT-11', [], { keep: 'GLT-11', removeOurs: false }],
    [
      'an older "Duplicate" does not count',
      'GLT-11',
      [mine, ticket({ key: 'GLT-9', created: '2022-01-01T00:00:00.000+0000', resolution: 'Duplicate' })],
      { keep: 'GLT-11', removeOurs: false },
    ],
    [
      'same second: the lower key wins',
      'GLT-13',
      [
        ticket({ key: 'GLT-13', created: '2023-01-03T00:00:00.000+0000' }),
        ticket({ key: 'GLT-12', created: '2023-01-03T00:00:00.000+0000' }),
      ],
      { keep: 'GLT-12', removeOurs: true },
    ],
  ];
  test.each(creations)('after creating: %s', (_name, created, matches, expected) => {
    expect(settleCreated(created, matches, RULES.resolutions)).toEqual(expected);
  });

  test("extra open tickets are removed only when this keeper's account reported them", () => {
    const extras = [
      ticket({ reporter: 'qc.bot' }),
      ticket({ reporter: 'tess' }),
      ticket({ reporter: 'qc.bot', resolution: "Won't Do" }),
    ];
    expect(ownDuplicates(extras, 'qc.bot')).toEqual([extras[0]]);
    expect(ownDuplicates(extras, null)).toEqual([]);
  });

  const t = ticket();
  const repeats: [string, TicketDetail, string, boolean][] = [
    ['the only comment with its code', detail(t, coded('<R1A1Q1D0>'), [comment(1, coded('<R1A1Q0D1>'))]), '1', false],
    [
      'another keeper posted the same code earlier',
      detail(t, coded('<R1A1Q1D0>'), [comment(1, coded('<R1A1Q0D1>')), comment(2, coded('<R1A1Q0D1>'))]),
      '2',
      true,
    ],
    [
      'the earlier of the two stays',
      detail(t, coded('<R1A1Q1D0>'), [comment(1, coded('<R1A1Q0D1>')), comment(2, coded('<R1A1Q0D1>'))]),
      '1',
      false,
    ],
    [
      'a person commented in between: still the same change',
      detail(t, coded('<R1A1Q1D0>'), [
        comment(1, coded('<R1A1Q0D1>')),
        comment(2, 'Looking at it.', 'tess'),
        comment(3, coded('<R1A1Q0D1>')),
      ]),
      '3',
      true,
    ],
    [
      'the counts went back: a new change, not a repeat',
      detail(t, coded('<R1A1Q1D0>'), [
        comment(1, coded('<R1A1Q0D1>')),
        comment(2, coded('<R1A1Q1D0>')),
        comment(3, coded('<R1A1Q0D1>')),
      ]),
      '3',
      false,
    ],
    ['it repeats the description', detail(t, coded('<R1A1Q1D0>'), [comment(1, coded('<R1A1Q1D0>'))]), '1', true],
    [
      'ids decide, whatever the order Jira lists them in',
      detail(t, null, [comment(12, coded('<R1A0Q1D0>')), comment(9, coded('<R1A0Q1D0>'))]),
      '12',
      true,
    ],
    [
      'a comment without a code is never a repeat',
      detail(t, null, [comment(1, ALL_SIGNED_OFF_COMMENT), comment(2, ALL_SIGNED_OFF_COMMENT)]),
      '2',
      false,
    ],
  ];
  test.each(repeats)('after commenting: %s', (_name, ticketDetail, postedId, repeated) => {
    expect(isRepeatedComment(ticketDetail, postedId)).toBe(repeated);
  });
});
