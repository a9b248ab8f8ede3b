import { ASSAYS } from './assays';
import type { GenerationContext } from './generation-context';
import type { LibraryState, TestState } from './generation-state';
import type { Kind } from './instruments';
import { round2 } from './metric-rules';
import { blankSample } from './sample-json';
import { describeLibrary, identifyCase } from './sample-identity';
import { fillCategory } from './sample-metrics';
import { LIBRARY_SIZES } from './vocabulary';

/** A new library preparation for `test`, which becomes the test's current library. */
function newLibrary(ctx: GenerationContext, test: TestState): LibraryState {
  const rng = ctx.rng;
  const c = test.owner;
  const prep = blankSample(ctx.libraryId(), '', c.project.name);
  identifyCase(prep, c);
  describeLibrary(prep, test);
  const concentrationUnits = rng.chance(0.5) ? 'NANOGRAMS_PER_MICROLITRE' : 'NANOMOLAR';
  prep.concentrationUnits = concentrationUnits;
  prep.metrics = [];
  fillCategory(rng, prep, c.assay, 'LIBRARY_PREP', test.plan.design);
  const [lo, hi] = LIBRARY_SIZES[test.plan.design];
  // Library aliases are project_donor_origin_type_PE_size_design, unique like MISO's.
  const prefix = `${c.json.donor.name}_${test.json.tissueOrigin}_${test.json.tissueType}_PE_`;
  let size = Math.round(prep.librarySize ?? rng.int(lo, hi));
  let name = `${prefix}${size}_${test.plan.design}`;
  while (ctx.libraryNames.has(name)) {
    size = rng.int(lo, hi);
    name = `${prefix}${size}_${test.plan.design}`;
  }
  ctx.libraryNames.add(name);
  prep.name = name;
  prep.librarySize = size;
  if (prep.concentration === null) prep.concentration = round2(rng.float(1, 30));
  test.json.libraryPreparations.push(prep);
  const others = ASSAYS.filter((a) => a.id !== c.assay.id);
  const roll = rng.next();
  const library: LibraryState = {
    aliquotId: ctx.aliquotId(),
    name,
    test,
    assayIds: roll < 0.02 ? [] : roll < 0.05 ? [c.assay.id, rng.pick(others).id] : [c.assay.id],
    librarySize: prep.librarySize,
    concentration: prep.concentration,
    concentrationUnits,
    prep,
    lqRuns: 0,
    fdRuns: 0,
    lastRunId: -1,
    firstRunDay: null,
  };
  test.libraries.push(library);
  test.current = library;
  return library;
}

/** The library a test puts on this run: its current one, or a new one (top-up limit, or already in this lane). */
export function libraryFor(
  ctx: GenerationContext,
  test: TestState,
  kind: Kind,
  inLane: Set<number>,
): LibraryState | null {
  let library = test.current;
  const exhausted = library !== null && (kind === 'LQ' ? library.lqRuns >= 2 : library.fdRuns >= 3);
  if (library === null || exhausted || inLane.has(library.aliquotId)) {
    if (library !== null && inLane.has(library.aliquotId) && test.libraries.length >= 4) return null;
    library = newLibrary(ctx, test);
  }
  return library;
}
