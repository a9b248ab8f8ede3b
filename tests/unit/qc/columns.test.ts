import { describe, expect, test } from 'vitest';
import type { Assay, Sample } from '../../../lib/cardea/schema';
import { byLatestActivity, metricColumns, metricNames } from '../../../lib/qc/columns';
import { type SubcategoryInput, assay, assaysById, metric, sample, subcategory } from './builders';

const m = (name: string, sortPriority: number | null = null) => metric({ name, sortPriority });
const lq = (id: number, subs: SubcategoryInput[]): Assay => assay(id, { LIBRARY_QUALIFICATION: subs });

describe('metricNames (§1.5 steps 2–5)', () => {
  test.each<[string, Assay[], string[]]>([
    [
      '§1.5 subcategories: null and 0 sort as -1, before positive, stable among equals',
      [
        lq(1, [
          subcategory([m('B1')], { name: 'b', sortPriority: 1 }),
          subcategory([m('A1')], { name: 'a', sortPriority: 0 }),
          subcategory([m('C1')], { name: 'c', sortPriority: null }),
        ]),
      ],
      ['A1', 'C1', 'B1'],
    ],
    [
      '§1.5 a negative priority sorts before null (-1)',
      [lq(1, [subcategory([m('N1')], { name: 'n' }), subcategory([m('Neg1')], { name: 'neg', sortPriority: -5 })])],
      ['Neg1', 'N1'],
    ],
    [
      '§1.5 metrics within a group: null and 0 as -1, before positive, stable',
      [lq(1, [subcategory([m('P2', 2), m('Zero', 0), m('P1', 1), m('Null', null)])])],
      ['Zero', 'Null', 'P1', 'P2'],
    ],
    [
      '§1.5 unnamed subcategories form one group "" in the position of the first',
      [
        lq(1, [
          subcategory([m('Named')], { name: 'Named', sortPriority: 2 }),
          subcategory([m('Unnamed late')], { name: null, sortPriority: 3 }),
          subcategory([m('Unnamed early')], { name: null, sortPriority: 1 }),
        ]),
      ],
      ['Unnamed early', 'Unnamed late', 'Named'],
    ],
    [
      '§1.5 same-named subcategories of two assays merge, metrics re-sorted across them',
      [
        lq(1, [
          subcategory([m('Q30', 3), m('Clusters', 1)], { name: 'NovaSeq (SAV, MISO)', sortPriority: 2 }),
          subcategory([m('Volume')], { name: 'Other', sortPriority: 4 }),
        ]),
        lq(2, [subcategory([m('PhiX', 2)], { name: 'NovaSeq (SAV, MISO)', sortPriority: 5 })]),
      ],
      ['Clusters', 'PhiX', 'Q30', 'Volume'],
    ],
    [
      '§1.5 a name in two assays (or two variants) is added once, where first seen',
      [
        lq(1, [subcategory([m('Coverage', 1), m('Coverage', 1), m('Duplication', 2)], { name: 'WG' })]),
        lq(2, [subcategory([m('Duplication', 1), m('Coverage', 2)], { name: 'WG2', sortPriority: 9 })]),
      ],
      ['Coverage', 'Duplication'],
    ],
    ['an assay without the category contributes nothing', [assay(1, { RECEIPT: [subcategory([m('Volume')])] })], []],
  ])('%s', (_label, assays, names) => {
    expect(
      metricNames(
        'LIBRARY_QUALIFICATION',
        assays.map((a) => a.id),
        assaysById(...assays),
      ),
    ).toEqual(names);
  });
});

describe('metricColumns (§1.5 step 6)', () => {
  const assays = assaysById(
    lq(1, [
      subcategory([metric({ name: 'Bases Over Q30', units: '%', minimum: 80 })], { name: 'NovaSeq (SAV, MISO)' }),
      subcategory([m('WG coverage')], { name: 'WG Sequencing', libraryDesignCode: 'WG', sortPriority: 2 }),
      subcategory([m('WT rRNA')], { name: 'WT Sequencing', libraryDesignCode: 'WT', sortPriority: 3 }),
      subcategory([metric({ name: 'Tumour only', tissueType: 'R', negateTissueType: true })], { sortPriority: 4 }),
    ]),
    lq(2, [subcategory([m('Second assay')], { sortPriority: 9 })]),
  );
  const wg = sample({ id: 'a', libraryDesignCode: 'WG', tissueType: 'R' });
  const wt = sample({ id: 'b', libraryDesignCode: 'WT', tissueType: 'R' });
  const wgTumour = sample({ id: 'c', libraryDesignCode: 'WG', tissueType: 'P' });
  const secondAssay = sample({ id: 'd', assayIds: [2] });
  const noAssay = sample({ id: 'e', assayIds: [] });
  const noRun = sample({ id: 'f', libraryDesignCode: 'WG', tissueType: 'R', run: null });

  test.each<[string, Sample[], string[]]>([
    ['§1.5 a design-specific column is dropped when no row has that design', [wg], ['Bases Over Q30', 'WG coverage']],
    ['§1.5 one applicable row is enough to keep a column', [wg, wt], ['Bases Over Q30', 'WG coverage', 'WT rRNA']],
    [
      '§1.5 a negated tissue-type metric appears once a non-R row is present',
      [wg, wgTumour],
      ['Bases Over Q30', 'WG coverage', 'Tumour only'],
    ],
    [
      "§1.5 every row's assays contribute columns",
      [wg, secondAssay],
      ['Bases Over Q30', 'WG coverage', 'Second assay'],
    ],
    ['§1.5 a row without assay contributes nothing', [noAssay], []],
    ['§1.5/§1.6 a run-only subcategory is dropped when no row has a run', [noRun], ['WG coverage']],
    ['no rows → no columns', [], []],
  ])('%s', (_label, samples, columns) => {
    expect(metricColumns('LIBRARY_QUALIFICATION', samples, assays)).toEqual(columns);
  });
});

describe('metricColumns follow the default sort: latest activity, newest first', () => {
  // Two assays with equal subcategory priorities: whichever library comes first decides the first metric group.
  const assays = assaysById(
    lq(1, [subcategory([m('Assay 1 metric')], { name: 'one' })]),
    lq(2, [subcategory([m('Assay 2 metric')], { name: 'two' })]),
  );
  const older = (id: string, latestActivityDate: string | null) => sample({ id, assayIds: [1], latestActivityDate });
  const newer = (id: string, latestActivityDate: string | null) => sample({ id, assayIds: [2], latestActivityDate });

  test.each<[string, Sample[], string[]]>([
    [
      'the newest library’s assay first, though its id sorts last',
      [older('a', '2026-01-02'), newer('b', '2026-03-04')],
      ['Assay 2 metric', 'Assay 1 metric'],
    ],
    [
      'already newest first → unchanged',
      [newer('a', '2026-03-04'), older('b', '2026-01-02')],
      ['Assay 2 metric', 'Assay 1 metric'],
    ],
    [
      'a library without a date sorts after dated ones',
      [older('a', null), newer('b', '2025-01-01')],
      ['Assay 2 metric', 'Assay 1 metric'],
    ],
    [
      'equal dates keep the given (sample id) order',
      [older('a', '2026-01-02'), newer('b', '2026-01-02')],
      ['Assay 1 metric', 'Assay 2 metric'],
    ],
    [
      'times within a day count',
      [older('a', '2026-01-02T08:00:00Z'), newer('b', '2026-01-02T09:00:00Z')],
      ['Assay 2 metric', 'Assay 1 metric'],
    ],
  ])('%s', (_label, samples, columns) => {
    expect(metricColumns('LIBRARY_QUALIFICATION', samples, assays)).toEqual(columns);
  });

  test('byLatestActivity does not reorder its input', () => {
    const rows = [older('a', '2026-01-02'), newer('b', '2026-03-04')];
    expect(byLatestActivity(rows).map((r) => r.id)).toEqual(['b', 'a']);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
  });
});
