import { describe, expect, test } from 'vitest';
import type { Sample } from '../../../lib/cardea/schema';
import { planQcInMiso, type QcInMisoBatch, type QcInMisoGrouping } from '../../../lib/miso/qc-in-miso';
import { rebuildQcInMiso, type RunTables } from '../../../lib/miso/verify-batches';
import { assay, assaysById, run, sample, subcategory } from '../qc/builders';

// What the background opens in MISO is what it plans itself from its own data (docs/qc-in-miso.md#session-and-delivery):
// a page's batches that differ from that plan, forged or out of date, are refused with what differs.

const RUN = '230105_A00469_0405_AHXXXXDSX3';
const FD = 'FULL_DEPTH_SEQUENCING';

const assays = assaysById(
  assay(1, {
    FULL_DEPTH_SEQUENCING: [
      subcategory([{ name: 'Mean Coverage Deduplicated', thresholdType: 'GE', minimum: 40 }], {
        libraryDesignCode: 'WG',
      }),
      subcategory([{ name: 'Mean Insert Size', thresholdType: 'GT', minimum: 150 }], { libraryDesignCode: 'WT' }),
    ],
    LIBRARY_QUALIFICATION: [subcategory([{ name: 'Duplication Rate', thresholdType: 'LE', maximum: 30 }])],
  }),
);

const wg1 = sample({ id: '5476_1_LDI1', name: 'PROJ_0001_WG', meanCoverageDeduplicated: 41.2 });
const wg2 = sample({ id: '5476_2_LDI2', name: 'PROJ_0002_WG', sequencingLane: '2', meanCoverageDeduplicated: 45 });
const wt = sample({ id: '5476_1_LDI3', name: 'PROJ_0003_WT', libraryDesignCode: 'WT', meanInsertSize: 300 });
const lq = sample({ id: '5476_1_LDI4', name: 'PROJ_0004_WG', duplicationRate: 7, meanCoverageDeduplicated: 60 });
const otherRun = sample({
  id: '5477_1_LDI5',
  name: 'PROJ_0005_WG',
  meanCoverageDeduplicated: 50,
  run: run({ id: 5477, name: '230106_A00469_0406_AHYYYYDSX3' }),
});

const data: RunTables = { lq: [lq], fd: [wg1, wt, wg2], assaysById: assays };

/** What the dialog sends: the planner's batches for these libraries, as the page planned them. */
const planned = (samples: Sample[], grouping: QcInMisoGrouping = 'by-assay-and-design') =>
  planQcInMiso({ samples, category: FD, assaysById: assays, grouping }).batches;

const check = (
  batches: QcInMisoBatch[],
  run: RunTables | undefined = data,
  grouping: QcInMisoGrouping = 'by-assay-and-design',
) => rebuildQcInMiso({ runName: RUN, category: FD, batches }, run, grouping);

/** A copy of `batches` with the first library's first metric changed. */
function forged(batches: QcInMisoBatch[], change: Record<string, unknown>): QcInMisoBatch[] {
  const copy = structuredClone(batches);
  const metric = copy[0]!.request.library_aliquots[0]!.metrics[0]!;
  Object.assign(metric, change);
  return copy;
}

test('the batches the dialog planned come back rebuilt: equal, and not the objects the page sent', () => {
  const asked = planned([wt, wg2, wg1]);
  const result = check(asked);
  expect(result).toEqual({ ok: true, batches: asked });
  if (result.ok) expect(result.batches[0]).not.toBe(asked[0]);
  expect(asked.map((b) => b.runLibraryIds)).toEqual([[wt.id], [wg2.id, wg1.id]]);
});

describe('refused, with what differs', () => {
  const asked = planned([wg1, wt]);

  test.each<[string, () => ReturnType<typeof check>, RegExp]>([
    [
      'a forged metric value',
      () => check(forged(asked, { value: 99 })),
      /changed since this dialog opened \(5476_1_LDI1, Mean Coverage Deduplicated: value 99 asked, 41\.2 now\): close it/,
    ],
    [
      'a forged threshold',
      () => check(forged(asked, { threshold: 1 })),
      /5476_1_LDI1, Mean Coverage Deduplicated: threshold 1 asked, 40 now/,
    ],
    [
      'a forged threshold type',
      () => check(forged(asked, { threshold_type: 'lt' })),
      /5476_1_LDI1, Mean Coverage Deduplicated: threshold_type "lt" asked, "ge" now/,
    ],
    [
      'a changed label',
      () => check([{ ...asked[0]!, label: 'Anything' }, asked[1]!]),
      /page "Anything", label "Anything" asked, "Assay 1 · WG" now/,
    ],
    [
      'a forged lane',
      () =>
        check([
          {
            ...asked[0]!,
            request: {
              ...asked[0]!.request,
              library_aliquots: [{ ...asked[0]!.request.library_aliquots[0]!, partition: 99 }],
            },
          },
          asked[1]!,
        ]),
      /5476_1_LDI1, partition 99 asked, 1 now/,
    ],
    [
      'Cardea’s value moved on since the dialog opened',
      () => check(asked, { ...data, fd: [{ ...wg1, meanCoverageDeduplicated: 39 }, wt] }),
      /Run 230105_A00469_0405_AHXXXXDSX3’s data changed since this dialog opened.*value 41\.2 asked, 39 now/,
    ],
    [
      'the lab switched to one combined page since the dialog opened',
      () => check(asked, data, 'combined'),
      /1 MISO pages now, 2 asked/,
    ],
  ])('%s', (_label, result, detail) => {
    const answer = result();
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.detail).toMatch(detail);
  });

  test.each<[string, Sample, RegExp]>([
    ['a library of another run', otherRun, /5477_1_LDI5 not in run 230105_A00469_0405_AHXXXXDSX3’s full-depth/],
    ['a library of the run’s other table', lq, /5476_1_LDI4 not in run .*’s full-depth sequencing data/],
  ])('%s', (_label, stranger, detail) => {
    const answer = check([...asked, ...planned([stranger])]);
    expect(answer).toEqual({ ok: false, detail: expect.stringMatching(detail) });
  });

  test('a library asked twice', () => {
    expect(check([...asked, asked[0]!])).toEqual({ ok: false, detail: '5476_1_LDI1 asked more than once' });
  });

  test('a run the background has no data for', () => {
    expect(rebuildQcInMiso({ runName: RUN, category: FD, batches: asked }, undefined, 'combined')).toEqual({
      ok: false,
      detail: 'run 230105_A00469_0405_AHXXXXDSX3 is not in Bao’s data',
    });
  });
});
