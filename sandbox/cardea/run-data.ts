import { dayDate } from './days';
import type { GenerationContext } from './generation-context';
import type { Instrument } from './instruments';
import { round2 } from './metric-rules';
import type { Random } from './random';
import { runDays, type RunPlan, type Scenario } from './run-plans';
import type { LaneJson, RunJson } from './sample-json';
import { QC_USERS, REVIEWERS } from './vocabulary';

export interface NewRun {
  run: RunJson;
  /** Days before the epoch. */
  start: number;
  completion: number | null;
}

/** A run with its lanes' measurements and its own QC and data review, but no libraries yet. */
export function createRun(ctx: GenerationContext, plan: RunPlan, instrument: Instrument, laneCount: number): NewRun {
  const rng = ctx.rng;
  const { start, completion } = runDays(rng, plan.scenario);
  const [parameters, readLength, readLength2] = instrument.parameters(rng);
  const name = ctx.runNamer.name(rng, instrument, start);
  const run: RunJson = {
    id: ctx.runId(),
    name,
    containerModel: instrument.container,
    sequencingParameters: parameters,
    readLength,
    readLength2,
    startDate: dayDate(start),
    completionDate: completion === null ? null : dayDate(completion),
    percentOverQ30: null,
    clustersPf: null,
    lanes: [],
    qcPassed: null,
    qcUser: null,
    qcDate: null,
    dataReviewPassed: null,
    dataReviewUser: null,
    dataReviewDate: null,
  };
  measureLanes(rng, run, instrument, laneCount, plan);
  signOffRun(ctx, run, plan.scenario, completion ?? start);
  return { run, start, completion };
}

function measureLanes(rng: Random, run: RunJson, instrument: Instrument, laneCount: number, plan: RunPlan): void {
  const faults = new Set(plan.faults ?? []);
  const inProgress = plan.scenario === 'sequencing';
  const q30 = faults.has('lowQ30') ? rng.float(62, 74) : rng.float(instrument.q30[0], instrument.q30[1]);
  const faultyLane = rng.int(1, laneCount);
  const smallRun = instrument.kind === 'LQ';
  let total = 0;
  for (let n = 1; n <= laneCount; n++) {
    const lane: LaneJson = {
      laneNumber: n,
      percentOverQ30Read1: round2(Math.min(99.5, q30 + rng.float(1, 4))),
      percentOverQ30Read2: round2(q30 - rng.float(1, 5)),
      clustersPf: rng.int(instrument.laneClusters[0], instrument.laneClusters[1]),
      percentPfixRead1: round2(rng.float(0.3, 1.6)),
      percentPfixRead2: round2(rng.float(0.3, 1.6)),
    };
    // A whole small run under-clusters; on a big run it is usually one lane.
    if (faults.has('lowClusters') && (smallRun || n === faultyLane)) {
      lane.clustersPf = Math.round(lane.clustersPf! * rng.float(0.3, 0.55));
    }
    if (faults.has('lowPhix') && n === faultyLane) lane.percentPfixRead1 = round2(rng.float(0.01, 0.08));
    if (faults.has('missingR2') && n === faultyLane) {
      lane.percentOverQ30Read2 = null;
      lane.percentPfixRead2 = null;
    }
    if (faults.has('missingR1') && n === faultyLane) {
      lane.percentOverQ30Read1 = null;
      lane.percentPfixRead1 = null;
    }
    if (inProgress) {
      lane.clustersPf = n === 1 ? lane.clustersPf : null;
      lane.percentOverQ30Read2 = null;
      lane.percentPfixRead2 = null;
    }
    total += lane.clustersPf ?? 0;
    run.lanes.push(lane);
  }
  run.percentOverQ30 = inProgress ? null : round2(q30);
  run.clustersPf = inProgress ? null : total;
}

function signOffRun(ctx: GenerationContext, run: RunJson, scenario: Scenario, completion: number): void {
  const rng = ctx.rng;
  const qcDone = scenario === 'done' || scenario === 'runReview' || (scenario === 'review' && rng.chance(0.75));
  if (!qcDone) return;
  const qcDay = ctx.later(completion, 0, 3);
  run.qcPassed = rng.chance(0.9);
  run.qcUser = rng.pick(QC_USERS);
  run.qcDate = dayDate(qcDay);
  if (scenario !== 'done') return;
  run.dataReviewPassed = run.qcPassed ? rng.chance(0.97) : false;
  run.dataReviewUser = rng.pick(REVIEWERS);
  run.dataReviewDate = dayDate(ctx.later(qcDay, 0, 3));
}
