import type { InstrumentKey, Kind } from './instruments';
import type { Random } from './random';

export type Scenario = 'done' | 'runReview' | 'review' | 'qc' | 'partial' | 'analysis' | 'sequencing';
export type Fault = 'lowQ30' | 'lowClusters' | 'lowPhix' | 'missingR1' | 'missingR2';

export interface RunPlan {
  scenario: Scenario;
  instrument: InstrumentKey;
  faults?: Fault[];
  pooled?: boolean;
}

/** The first runs, in order: what a small dataset must still show. */
export const LEAD_RUNS: readonly RunPlan[] = [
  { scenario: 'qc', instrument: 'miSeqNano' },
  { scenario: 'qc', instrument: 's4', faults: ['lowClusters'], pooled: false },
  { scenario: 'review', instrument: 'nextSeq', faults: ['missingR2'] },
  { scenario: 'review', instrument: 'x25b', faults: ['lowPhix'], pooled: false },
  { scenario: 'partial', instrument: 'miSeqMicro' },
  { scenario: 'analysis', instrument: 's2' },
  { scenario: 'done', instrument: 'miSeqNano' },
  { scenario: 'done', instrument: 'x10b', pooled: true },
  { scenario: 'analysis', instrument: 'nextSeq' },
  { scenario: 'sequencing', instrument: 's1' },
  { scenario: 'runReview', instrument: 'miSeqNano', faults: ['missingR1'] },
  { scenario: 'runReview', instrument: 'sp' },
  { scenario: 'done', instrument: 's4', faults: ['lowQ30'], pooled: true },
  { scenario: 'sequencing', instrument: 'miSeqMicro' },
];

const LQ_INSTRUMENTS: readonly (readonly [InstrumentKey, number])[] = [
  ['miSeqNano', 5],
  ['miSeqMicro', 2],
  ['nextSeq', 3],
];
const FD_INSTRUMENTS: readonly (readonly [InstrumentKey, number])[] = [
  ['s4', 4],
  ['s2', 2],
  ['s1', 2],
  ['sp', 1],
  ['x10b', 2],
  ['x25b', 2],
];
const FAULT_RATES: readonly (readonly [Fault, number])[] = [
  ['lowQ30', 0.06],
  ['lowClusters', 0.06],
  ['lowPhix', 0.04],
  ['missingR2', 0.04],
  ['missingR1', 0.02],
];
const SCENARIOS: readonly (readonly [Scenario, number])[] = [
  ['done', 62],
  ['review', 10],
  ['qc', 10],
  ['analysis', 6],
  ['partial', 4],
  ['sequencing', 3],
  ['runReview', 5],
];

export function randomRunPlan(rng: Random): RunPlan {
  const kind: Kind = rng.chance(0.35) ? 'LQ' : 'FD';
  const instrument = rng.weighted(kind === 'LQ' ? LQ_INSTRUMENTS : FD_INSTRUMENTS);
  let scenario = rng.weighted(SCENARIOS);
  if (scenario === 'partial' && kind === 'FD') scenario = 'qc';
  const faults: Fault[] = [];
  for (const [fault, p] of FAULT_RATES) if (rng.chance(p)) faults.push(fault);
  return { scenario, instrument, faults };
}

const START_DAYS: Record<Scenario, readonly [number, number]> = {
  sequencing: [0, 2],
  analysis: [2, 6],
  partial: [2, 6],
  qc: [3, 10],
  review: [5, 21],
  runReview: [5, 21],
  done: [21, 520],
};

/** Start and completion, in days before the epoch; a run still sequencing has no completion. */
export function runDays(rng: Random, scenario: Scenario): { start: number; completion: number | null } {
  const [lo, hi] = START_DAYS[scenario];
  const start = rng.int(lo, hi);
  return { start, completion: scenario === 'sequencing' ? null : Math.max(0, start - rng.int(1, 2)) };
}
