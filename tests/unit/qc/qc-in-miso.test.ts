import { describe, expect, test } from 'vitest';
import type { SampleInput } from '../../../lib/cardea/schema';
import { type LibraryMetricEntry, libraryMetricEntries } from '../../../lib/qc/qc-in-miso';
import { type MetricInput, assay, assaysById, sample, subcategory } from './builders';

type SampleMetricInput = NonNullable<SampleInput['metrics']>[number];

const coverage40: MetricInput = {
  name: 'Mean Coverage Deduplicated',
  thresholdType: 'GE',
  minimum: 40,
  units: 'X',
  tissueType: 'R',
  negateTissueType: true,
};
const coverage30: MetricInput = {
  name: 'Mean Coverage Deduplicated',
  thresholdType: 'GE',
  minimum: 30,
  units: 'X',
  tissueType: 'R',
};
const dup: MetricInput = { name: 'Duplication Rate', thresholdType: 'LT', maximum: 50, units: '%', sortPriority: 5 };
const insert: MetricInput = {
  name: 'Mean Insert Size',
  thresholdType: 'BETWEEN',
  minimum: 150,
  maximum: 500,
  sortPriority: 6,
};
const q30: MetricInput = { name: 'Bases Over Q30', thresholdType: 'GE', minimum: 80, units: '%' };
const tumour: MetricInput = { name: 'Tumour Content', thresholdType: 'BOOLEAN' };

const assays = assaysById(
  assay(1, {
    FULL_DEPTH_SEQUENCING: [
      subcategory([q30], { name: 'NovaSeq (SAV, MISO)' }),
      subcategory([coverage40, coverage30, dup, insert, tumour], { name: 'WG', sortPriority: 2 }),
    ],
  }),
  assay(2, {
    FULL_DEPTH_SEQUENCING: [
      subcategory([{ ...coverage40, minimum: 45, tissueType: null, negateTissueType: null }], {
        name: 'WG',
        sortPriority: 2,
      }),
    ],
  }),
);

describe('libraryMetricEntries (§2.2)', () => {
  test.each<[string, Partial<SampleInput>, LibraryMetricEntry[]]>([
    [
      '§2.2 names in §1.5 order, minus run metrics and BOOLEAN; bounds per type; raw values',
      { tissueType: 'P', meanCoverageDeduplicated: 38.01823419, duplicationRate: 7.5, meanInsertSize: 310 },
      [
        { title: 'Mean Coverage Deduplicated', thresholdType: 'ge', threshold: 40, value: 38.01823419 },
        { title: 'Duplication Rate', thresholdType: 'lt', threshold: 50, value: 7.5 },
        { title: 'Mean Insert Size', thresholdType: 'between', threshold: 150, threshold2: 500, value: 310 },
      ],
    ],
    [
      '§2.2 the variant that applies to the library (R → 30X)',
      { tissueType: 'R', meanCoverageDeduplicated: 31 },
      [
        { title: 'Mean Coverage Deduplicated', thresholdType: 'ge', threshold: 30, value: 31 },
        { title: 'Duplication Rate', thresholdType: 'lt', threshold: 50, value: null },
        { title: 'Mean Insert Size', thresholdType: 'between', threshold: 150, threshold2: 500, value: null },
      ],
    ],
    [
      '§2.2 two assays → the title repeats, one entry per applicable metric',
      { assayIds: [1, 2], tissueType: 'P', meanCoverageDeduplicated: 42 },
      [
        { title: 'Mean Coverage Deduplicated', thresholdType: 'ge', threshold: 40, value: 42 },
        { title: 'Mean Coverage Deduplicated', thresholdType: 'ge', threshold: 45, value: 42 },
        { title: 'Duplication Rate', thresholdType: 'lt', threshold: 50, value: null },
        { title: 'Mean Insert Size', thresholdType: 'between', threshold: 150, threshold2: 500, value: null },
      ],
    ],
  ])('%s', (_label, fields, entries) => {
    expect(libraryMetricEntries(sample(fields), 'FULL_DEPTH_SEQUENCING', assays)).toEqual(entries);
  });

  test('§2.2/§7.7 SAMPLE-level entries only: a RUN entry is not sent, the legacy field is', () => {
    const metrics: SampleMetricInput[] = [
      { name: 'Duplication Rate', metricLevel: 'RUN', value: 99 },
      { name: 'Mean Insert Size', metricLevel: 'SAMPLE', value: 222 },
    ];
    const entries = libraryMetricEntries(
      sample({ tissueType: 'P', duplicationRate: 7, metrics }),
      'FULL_DEPTH_SEQUENCING',
      assays,
    );
    expect(entries.map((e) => [e.title, e.value])).toEqual([
      ['Mean Coverage Deduplicated', null],
      ['Duplication Rate', 7],
      ['Mean Insert Size', 222],
    ]);
  });

  test('§2.2 a missing required bound throws, so nothing is sent', () => {
    const broken = assaysById(assay(1, { FULL_DEPTH_SEQUENCING: [subcategory([{ ...dup, maximum: null }])] }));
    expect(() => libraryMetricEntries(sample(), 'FULL_DEPTH_SEQUENCING', broken)).toThrow(/Duplication Rate.*maximum/);
  });

  test('§2.3 only BOOLEAN and run metrics → an empty list (MISO would reject it)', () => {
    const onlyBoolean = assaysById(assay(1, { FULL_DEPTH_SEQUENCING: [subcategory([q30, tumour])] }));
    expect(libraryMetricEntries(sample(), 'FULL_DEPTH_SEQUENCING', onlyBoolean)).toEqual([]);
  });
});
