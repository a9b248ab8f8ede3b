import type { GenerationContext } from './generation-context';
import type { CaseState, LibraryState, TestState } from './generation-state';
import { INSTRUMENTS, type Kind } from './instruments';
import { libraryFor } from './libraries';
import { addOmittedRunLibrary } from './omitted-samples';
import { libraryStatus } from './qc-states';
import { createRun } from './run-data';
import { addRunLibrary } from './run-libraries';
import type { RunPlan } from './run-plans';

/** Tests waiting for a run of each kind, taken round-robin. */
export type TestQueues = Record<Kind, { tests: TestState[]; next: number }>;

export interface RunLayout {
  /** Only lowers an instrument's real lane count. */
  lanes?: number;
  librariesPerLane: number;
}

export function testQueues(cases: readonly CaseState[]): TestQueues {
  const tests = cases.flatMap((c) => c.tests);
  return {
    LQ: { tests: tests.filter((t) => !t.plan.libraryQualificationSkipped), next: 0 },
    FD: { tests, next: 0 },
  };
}

/** A run, its lanes loaded with the queued tests' libraries; a slot no test fills holds an omitted run-library. */
export function addRun(ctx: GenerationContext, plan: RunPlan, queues: TestQueues, layout: RunLayout): void {
  const rng = ctx.rng;
  const instrument = INSTRUMENTS[plan.instrument];
  const kind = instrument.kind;
  const lanes = Math.max(1, Math.min(instrument.lanes, layout.lanes ?? instrument.lanes));
  const newRun = createRun(ctx, plan, instrument, lanes);
  const { run, start, completion } = newRun;

  // NextSeq loads one pool on all four lanes; NovaSeq runs may be pooled (standard) or lane-by-lane (XP).
  const pooled = plan.instrument === 'nextSeq' || (plan.pooled ?? (lanes > 1 && rng.chance(0.5)));
  let firstLane: (LibraryState | null)[] = [];
  let linked = 0;
  for (let lane = 1; lane <= lanes; lane++) {
    const slots = pooled && lane > 1 ? firstLane : fillLane(ctx, queues[kind], kind, layout.librariesPerLane);
    if (lane === 1) firstLane = slots;
    for (const library of slots) {
      if (library === null) {
        addOmittedRunLibrary(ctx, run, lane, kind, plan.scenario, completion ?? start);
        continue;
      }
      const status = libraryStatus(rng, plan.scenario, kind, linked++);
      addRunLibrary(ctx, newRun, lane, kind, library, status);
    }
  }
}

function fillLane(
  ctx: GenerationContext,
  queue: TestQueues[Kind],
  kind: Kind,
  librariesPerLane: number,
): (LibraryState | null)[] {
  const slots: (LibraryState | null)[] = [];
  const inLane = new Set<number>();
  for (let j = 0; j < librariesPerLane; j++) {
    let library: LibraryState | null = null;
    if (queue.tests.length > 0 && (j === 0 || !ctx.rng.chance(0.02))) {
      const test = queue.tests[queue.next % queue.tests.length];
      queue.next++;
      library = libraryFor(ctx, test, kind, inLane);
    }
    if (library) inLane.add(library.aliquotId);
    slots.push(library);
  }
  return slots;
}
