import type { CaseDataInput } from '../../lib/cardea/schema';
import { ASSAYS, type AssayDefinition } from './assays';
import { finishCase } from './case-finish';
import { buildCase } from './cases';
import { TIMESTAMP } from './days';
import { GenerationContext } from './generation-context';
import { omittedSamples } from './omitted-samples';
import { addRun, testQueues } from './run-loading';
import { LEAD_RUNS, randomRunPlan } from './run-plans';
import { addTrendDrift } from './trend-drift';

/**
 * A deterministic Cardea `/dimsum` document (docs/qc-rules.md#cardeas-document). The first runs and cases are the
 * interesting ones (every notification state for library-qualification and full-depth runs, every
 * sign-off step), so even `{runs: 4}` has pending QC and pending data review runs of both kinds.
 *
 * Size: about 3.3 kB per run-library plus 11 kB per case. `{seed: 1, runs: 400, librariesPerLane: 60,
 * cases: 8000}` makes ≈84k run-libraries and a ≈370 MB document (scripts/generate-dimsum.ts).
 */
export interface GeneratorOptions {
  seed: number;
  runs: number;
  librariesPerLane: number;
  cases: number;
  /** Lanes per run; only lowers an instrument's real lane count (a MiSeq keeps its one lane). */
  lanes?: number;
  /** Adds the trend demonstration (two instruments, one drifting; sandbox/cardea/trend-drift.ts) after the rest. */
  trendDrift?: boolean;
}

function checkOptions(options: GeneratorOptions): void {
  for (const key of ['runs', 'librariesPerLane', 'cases'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 0) {
      throw new Error(`generator option ${key} must be a whole number`);
    }
  }
  if (options.lanes !== undefined && (!Number.isInteger(options.lanes) || options.lanes < 1)) {
    throw new Error('generator option lanes must be a positive whole number');
  }
}

// The order of the steps is the order of draws from the seeded PRNG: reordering them changes every document.
export function generateCaseData(options: GeneratorOptions): CaseDataInput {
  checkOptions(options);
  const ctx = new GenerationContext(options.seed);
  const cases = Array.from({ length: options.cases }, (_, i) => buildCase(ctx, i));
  const queues = testQueues(cases);
  for (let i = 0; i < options.runs; i++) {
    addRun(ctx, i < LEAD_RUNS.length ? LEAD_RUNS[i] : randomRunPlan(ctx.rng), queues, options);
  }
  for (const c of cases) finishCase(ctx, c);
  const assaysById: Record<string, AssayDefinition> = {};
  for (const assay of ASSAYS) assaysById[String(assay.id)] = assay;
  const data: CaseDataInput = {
    assaysById,
    cases: cases.map((c) => c.json),
    omittedSamples: omittedSamples(ctx, options.cases),
    omittedRunSamples: ctx.omittedRunSamples,
    timestamp: TIMESTAMP,
  };
  return options.trendDrift ? addTrendDrift(data) : data;
}
