import type { OmittedRunSampleJson } from './cardea-json';
import { dayDate } from './days';
import type { GenerationContext } from './generation-context';
import { SEQUENCING_CATEGORY, type Kind } from './instruments';
import { applyQc, libraryStatus } from './qc-states';
import type { Scenario } from './run-plans';
import { blankSample, type RunJson, type SampleJson } from './sample-json';
import { BLOOD, describeTissue, tissueKey } from './sample-identity';
import { LIBRARY_SIZES, TUMOUR_ORIGINS } from './vocabulary';

const OMITTED_PROJECTS = ['XTRA', 'PILOT', 'TGLX'];

/** A run-library in a lane slot no case's test filled: a library of a project outside the document's cases. */
export function addOmittedRunLibrary(
  ctx: GenerationContext,
  run: RunJson,
  lane: number,
  kind: Kind,
  scenario: Scenario,
  completion: number,
): void {
  const rng = ctx.rng;
  const project = rng.pick(OMITTED_PROJECTS);
  const design = rng.pick(['WG', 'WT', 'EX', 'TS'] as const);
  const [lo, hi] = LIBRARY_SIZES[design];
  const entry: OmittedRunSampleJson = {
    id: `${run.id}_${lane}_LDI${ctx.aliquotId()}`,
    name: [
      project,
      String(rng.int(1, 9_999)).padStart(4, '0'),
      rng.pick(TUMOUR_ORIGINS),
      rng.pick(['R', 'P']),
      'PE',
      rng.int(lo, hi),
      design,
    ].join('_'),
    project,
    runId: run.id,
    runName: run.name,
    sequencingLane: lane,
    sequencingType: SEQUENCING_CATEGORY[kind],
    qcPassed: null,
    qcReason: null,
    qcUser: null,
    qcDate: null,
    dataReviewPassed: null,
    dataReviewUser: null,
    dataReviewDate: null,
  };
  applyQc(ctx, entry, libraryStatus(rng, scenario, kind, 1), completion);
  ctx.omittedRunSamples.push(entry);
}

/** Receipts not (yet) in any case, like Cardea's `receipts_nocase`. */
export function omittedSamples(ctx: GenerationContext, caseCount: number): SampleJson[] {
  const count = 2 + Math.floor(caseCount / 200);
  const out: SampleJson[] = [];
  for (let i = 0; i < count; i++) {
    const donor = `NOCASE_${String(i + 1).padStart(4, '0')}`;
    const sample = blankSample(ctx.sampleId(), `${donor}_${tissueKey(BLOOD)}_nn_1-1`, 'NOCASE');
    describeTissue(sample, BLOOD);
    sample.createdDate = dayDate(ctx.rng.int(0, 30));
    sample.latestActivityDate = sample.createdDate;
    sample.metrics = [];
    out.push(sample);
  }
  return out;
}
