// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { NabuRow } from '../../../sandbox/nabu/state';
import { countBatches, countSignoffs, soakFailed, type AskedSignoff } from '../../../scripts/soak/figures';

// The soak's verdict is only as good as its counting: a row stored twice, a note altered on the way
// or a batch never shown must each show up in the figures.

const asked = (caseId: string, note: string): AskedSignoff => ({
  caseId,
  step: 'RELEASE_APPROVAL',
  qcPassed: true,
  release: true,
  note,
});

let nextId = 1;
const row = (caseId: string, comment: string, qcPassed = true): NabuRow => ({
  id: nextId++,
  created: '2026-12-05T20:00:00Z',
  modified: '2026-12-05T20:00:00Z',
  caseIdentifier: caseId,
  username: 'Tess Ter',
  qcPassed,
  release: true,
  signoffStepName: 'RELEASE_APPROVAL',
  deliverableType: 'Data Release',
  deliverable: null,
  comment,
});

describe('the soak counts sign-offs from Nabu’s rows', () => {
  const note = '50% + ✓\nsecond line';
  it.each([
    ['every row once', [row('A', note), row('B', note)], { stored: 2, lost: 0, doubled: 0, changed: 0 }],
    ['a row twice', [row('A', note), row('A', note), row('B', note)], { stored: 2, lost: 0, doubled: 1, changed: 0 }],
    ['a row missing', [row('A', note)], { stored: 1, lost: 1, doubled: 0, changed: 0 }],
    ['a + decoded as a space', [row('A', note), row('B', note.replace('+', ' '))], { stored: 1, lost: 1, changed: 1 }],
    ['another status', [row('A', note), row('B', note, false)], { stored: 1, lost: 1, changed: 1 }],
  ])('%s', (_name, rows, expected) => {
    expect(countSignoffs([asked('A', note), asked('B', note)], rows)).toMatchObject({ asked: 2, ...expected });
  });
});

it('a sign-off not sent because a later one for the case is in Nabu is superseded, not lost', () => {
  const figures = countSignoffs([asked('A', 'first'), asked('A', 'second'), asked('B', 'first')], [row('A', 'second')]);
  expect(figures).toMatchObject({ stored: 1, superseded: 1, lost: 1 });
});

describe('the soak counts QC-in-MISO batches from the pages MISO rendered', () => {
  it.each([
    ['each shown once, in any order', [['b', 'a'], ['c']], { delivered: 2, lost: 0, doubled: 0 }],
    ['one shown twice', [['a', 'b'], ['c'], ['a', 'b']], { delivered: 2, lost: 0, doubled: 1 }],
    ['one never shown', [['a', 'b']], { delivered: 1, lost: 1, doubled: 0 }],
    ['a page with only part of a batch', [['a'], ['c']], { delivered: 1, lost: 1, doubled: 0 }],
  ])('%s', (_name, shown, expected) => {
    expect(countBatches([['a', 'b'], ['c']], shown)).toMatchObject({ asked: 2, ...expected });
  });
});

it('fails the soak on anything left in the outbox', () => {
  const clean = {
    signoffs: { asked: 1, stored: 1, lost: 0, doubled: 0, changed: 0, superseded: 0 },
    batches: { asked: 1, delivered: 1, lost: 0, doubled: 0 },
    outboxLeft: 0,
    misoBatchesLeft: 0,
    durationMs: 1,
    faults: {},
    details: [],
  };
  expect(soakFailed(clean)).toBe(false);
  expect(soakFailed({ ...clean, outboxLeft: 1 })).toBe(true);
  expect(soakFailed({ ...clean, misoBatchesLeft: 1 })).toBe(true);
});
