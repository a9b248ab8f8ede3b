import { dayDate } from './days';
import type { GenerationContext } from './generation-context';
import type { LibraryState } from './generation-state';
import type { Kind } from './instruments';
import { applyQc, type LibraryStatus } from './qc-states';
import type { NewRun } from './run-data';
import { blankSample } from './sample-json';
import { describeLibrary, identifyCase } from './sample-identity';
import { measureLibrary } from './sample-metrics';

const LIBRARY_NOTES = ['Low yield; sequence anyway per PI', 'Re-pooled after first loading', 'Borderline insert size'];

/** One library in one lane of a run: a run-library of its test, and the run days its case and test remember. */
export function addRunLibrary(
  ctx: GenerationContext,
  { run, start, completion }: NewRun,
  lane: number,
  kind: Kind,
  library: LibraryState,
  status: LibraryStatus,
): void {
  const rng = ctx.rng;
  const test = library.test;
  const c = test.owner;
  const sample = blankSample(`${run.id}_${lane}_LDI${library.aliquotId}`, library.name, c.project.name);
  identifyCase(sample, c);
  describeLibrary(sample, test);
  sample.assayIds = library.assayIds;
  sample.createdDate = dayDate(start);
  sample.timepoint = test.json.timepoint;
  sample.librarySize = library.librarySize;
  sample.run = run;
  sample.sequencingLane = String(lane);
  sample.concentration = library.concentration;
  sample.concentrationUnits = library.concentrationUnits;

  const skipped = status.available && status.qc !== 'none' && rng.chance(0.02);
  if (skipped) {
    sample.analysisSkipped = true;
    sample.metrics = [];
  } else {
    sample.analysisSkipped = false;
    measureLibrary(rng, sample, kind, c.assay, status.available);
  }
  const done = applyQc(ctx, sample, status, completion ?? start);
  if (sample.qcPassed === false && rng.chance(0.4)) sample.qcNote = rng.pick(LIBRARY_NOTES);
  const latest = Math.min(done ?? start, completion ?? start);
  sample.latestActivityDate = dayDate(latest);

  if (library.lastRunId !== run.id) {
    library.lastRunId = run.id;
    if (kind === 'LQ') library.lqRuns++;
    else library.fdRuns++;
  }
  library.firstRunDay = Math.max(library.firstRunDay ?? start, start);
  c.earliestRunDay = Math.max(c.earliestRunDay ?? start, start);
  c.latestRunDay = Math.min(c.latestRunDay ?? latest, latest);
  test.latestRunDay = Math.min(test.latestRunDay ?? latest, latest);
  (kind === 'LQ' ? test.json.libraryQualifications : test.json.fullDepthSequencings).push(sample);
}
