import { describe, expect, test } from 'vitest';
import type { SampleInput } from '../../../lib/cardea/schema';
import {
  formBodyBytes,
  formEncodedLength,
  MAX_FORM_BODY_BYTES,
  planQcInMiso,
  type QcInMisoGrouping,
} from '../../../lib/miso/qc-in-miso';
import { type MetricInput, assay, assaysById, run, sample, subcategory } from '../qc/builders';

// planQcInMiso against docs/qc-in-miso.md#what-is-sent, docs/qc-in-miso.md#which-metrics-a-library-gets and docs/qc-in-miso.md#what-is-sent: what the "QC in MISO" form posts.

type SampleMetricInput = NonNullable<SampleInput['metrics']>[number];

// Every bound is set on every metric, so a test fails if the wrong one is sent.
const coverage: MetricInput = {
  name: 'Mean Coverage Deduplicated',
  thresholdType: 'GE',
  minimum: 40,
  maximum: 999,
  units: 'X',
  sortPriority: 1,
};
const insert: MetricInput = {
  name: 'Mean Insert Size',
  thresholdType: 'GT',
  minimum: 150,
  maximum: 900,
  units: 'bp',
  sortPriority: 2,
};
const duplication: MetricInput = {
  name: 'Duplication Rate',
  thresholdType: 'LE',
  minimum: 1,
  maximum: 50,
  units: '%',
  sortPriority: 3,
};
const rrna: MetricInput = {
  name: 'rRNA Contamination',
  thresholdType: 'LT',
  minimum: 2,
  maximum: 35,
  units: '%',
  sortPriority: 4,
};
const beta: MetricInput = {
  name: 'Methylation Beta',
  thresholdType: 'BETWEEN',
  minimum: 0.5,
  maximum: 0.95,
  sortPriority: 5,
};
const authenticated: MetricInput = { name: 'Sample Authenticated', thresholdType: 'BOOLEAN', sortPriority: 6 };
const q30: MetricInput = { name: 'Bases Over Q30', thresholdType: 'GE', minimum: 80, units: '%' };
const clusters: MetricInput = { name: 'Min Clusters (PF)', thresholdType: 'GE', minimum: 1.2, units: 'B/lane' };

const runSub = subcategory([q30, clusters], { name: 'NovaSeq (SAV, MISO)', sortPriority: 1 });
const assays = assaysById(
  assay(1, {
    FULL_DEPTH_SEQUENCING: [
      runSub,
      subcategory([coverage, insert, duplication, rrna, beta, authenticated], {
        name: 'WG Call Ready',
        sortPriority: 2,
        libraryDesignCode: 'WG',
      }),
      subcategory([{ ...insert, minimum: 100 }], { name: 'WT Call Ready', sortPriority: 3, libraryDesignCode: 'WT' }),
    ],
    LIBRARY_QUALIFICATION: [
      subcategory([{ ...duplication, maximum: 30 }], { name: 'WG Single Lane', libraryDesignCode: 'WG' }),
    ],
  }),
  assay(2, { FULL_DEPTH_SEQUENCING: [subcategory([{ ...coverage, minimum: 80 }], { name: 'WG', sortPriority: 2 })] }),
  assay(3, { FULL_DEPTH_SEQUENCING: [runSub, subcategory([authenticated], { name: 'Checks' })] }),
  assay(4, { FULL_DEPTH_SEQUENCING: [subcategory([{ ...duplication, maximum: null }], { name: 'Broken' })] }),
  assay(5, {
    FULL_DEPTH_SEQUENCING: [subcategory([{ ...insert, name: '% reads > Q30' }, coverage], { name: 'Odd titles' })],
  }),
  assay(6, { FULL_DEPTH_SEQUENCING: [subcategory([{ ...insert, name: 'Reads <50bp' }], { name: 'Only odd titles' })] }),
);

const values: Partial<SampleInput> = {
  meanCoverageDeduplicated: 38.01823419,
  meanInsertSize: 310.55555,
  duplicationRate: 7.123456789,
  rrnaContamination: 0.00012,
  methylationBeta: 0.7,
};

function plan(
  samples: Partial<SampleInput>[],
  grouping: QcInMisoGrouping = 'by-assay-and-design',
  category: 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING' = 'FULL_DEPTH_SEQUENCING',
) {
  return planQcInMiso({
    samples: samples.map((s) => sample({ ...values, ...s })),
    category,
    assaysById: assays,
    grouping,
  });
}

describe('one library (§2.1 request shape)', () => {
  const { batches, leftOut, droppedMetrics } = plan([{}]);
  const library = batches[0]?.request.library_aliquots[0];

  test('one batch, nothing left out', () => {
    expect(batches).toHaveLength(1);
    expect(leftOut).toEqual([]);
    expect(droppedMetrics).toEqual([]);
    expect(batches[0]?.runLibraryIds).toEqual(['5476_1_LDI73620']);
    expect(batches[0]?.request.report).toBe('Bao');
  });

  test('name is LDI<id> from the run-library id, run_id the run id, partition the lane number', () => {
    expect(library).toMatchObject({ name: 'LDI73620', run_id: 5476, partition: 1 });
  });

  test.each([
    // title, threshold_type, threshold, threshold_2, value
    ['Mean Coverage Deduplicated', 'ge', 40, undefined, 38.01823419],
    ['Mean Insert Size', 'gt', 150, undefined, 310.55555],
    ['Duplication Rate', 'le', 50, undefined, 7.123456789],
    ['rRNA Contamination', 'lt', 35, undefined, 0.00012],
    ['Methylation Beta', 'between', 0.5, 0.95, 0.7],
  ])('%s → %s %s (threshold_2 %s), raw value %s', (title, type, threshold, threshold2, value) => {
    const metric = library?.metrics.find((m) => m.title === title);
    expect(metric).toBeDefined();
    expect(metric?.threshold_type).toBe(type);
    expect(metric?.threshold).toBe(threshold);
    expect(metric?.value).toBe(value);
    if (threshold2 === undefined) expect(metric).not.toHaveProperty('threshold_2');
    else expect(metric?.threshold_2).toBe(threshold2);
  });

  test('§1.5 order, without run metrics (Q30, clusters) and without BOOLEAN ones', () => {
    expect(library?.metrics.map((m) => m.title)).toEqual([
      'Mean Coverage Deduplicated',
      'Mean Insert Size',
      'Duplication Rate',
      'rRNA Contamination',
      'Methylation Beta',
    ]);
  });

  test('the JSON MISO gets is snake_case only (docs/qc-in-miso.md#what-is-sent)', () => {
    const json = JSON.stringify(batches[0]?.request);
    expect(json).toContain('"library_aliquots"');
    expect(json).toContain('"threshold_type"');
    expect(json).not.toMatch(/"(thresholdType|threshold2|runId|libraryAliquots)"/);
  });
});

describe('values (§2.2)', () => {
  test('a metric without a value is left out and named, not sent as null (MISO’s page cannot draw it) nor as 0', () => {
    const { batches, droppedMetrics } = plan([{ meanInsertSize: null }]);
    const titles = batches[0]?.request.library_aliquots[0]?.metrics.map((m) => m.title);
    expect(titles).not.toContain('Mean Insert Size');
    expect(droppedMetrics).toContainEqual({
      runLibraryId: '5476_1_LDI73620',
      title: 'Mean Insert Size',
      reason: expect.stringMatching(/no value/),
    });
  });

  test('SAMPLE-level entries win over the legacy field; RUN-level entries are not used', () => {
    const metrics: SampleMetricInput[] = [
      { name: 'Mean Insert Size', metricLevel: 'SAMPLE', value: 222.2222 },
      { name: 'Duplication Rate', metricLevel: 'RUN', value: 99 },
    ];
    const library = plan([{ metrics }]).batches[0]?.request.library_aliquots[0];
    expect(library?.metrics.find((m) => m.title === 'Mean Insert Size')?.value).toBe(222.2222);
    expect(library?.metrics.find((m) => m.title === 'Duplication Rate')?.value).toBe(7.123456789);
  });

  test('the category decides the metrics: LQ sends the LQ thresholds', () => {
    const library = plan([{}], 'by-assay-and-design', 'LIBRARY_QUALIFICATION').batches[0]?.request.library_aliquots[0];
    expect(library?.metrics).toEqual([
      { title: 'Duplication Rate', threshold_type: 'le', threshold: 30, value: 7.123456789 },
    ]);
  });
});

describe('partition and names', () => {
  test.each([
    [
      'lane 3 of run 9001',
      { id: '9001_3_LDI5', sequencingLane: '3', run: run({ id: 9001 }) },
      { name: 'LDI5', run_id: 9001, partition: 3 },
    ],
    [
      'a numeric lane',
      { id: '9001_8_LDI77', sequencingLane: 8, run: run({ id: 9001 }) },
      { name: 'LDI77', run_id: 9001, partition: 8 },
    ],
    [
      'no lane field: the id says',
      { id: '9001_2_LDI12', sequencingLane: null, run: run({ id: 9001 }) },
      { name: 'LDI12', run_id: 9001, partition: 2 },
    ],
  ])('%s', (_label, fields, expected) => {
    expect(plan([fields]).batches[0]?.request.library_aliquots[0]).toMatchObject(expected);
  });
});

describe('two assays apply (§2.2)', () => {
  test("the title repeats, one line per applicable metric, each with its own assay's threshold", () => {
    const library = plan([{ assayIds: [1, 2] }]).batches[0]?.request.library_aliquots[0];
    const coverageLines = library?.metrics.filter((m) => m.title === 'Mean Coverage Deduplicated');
    expect(coverageLines?.map((m) => m.threshold)).toEqual([40, 80]);
    expect(coverageLines?.every((m) => m.value === 38.01823419)).toBe(true);
  });
});

describe('grouping (seed 000, docs/qc-in-miso.md#grouping)', () => {
  const selection: Partial<SampleInput>[] = [
    { id: '5476_1_LDI1', name: 'LIB_1_WG' },
    { id: '5476_1_LDI2', name: 'LIB_2_WT', libraryDesignCode: 'WT' },
    { id: '5476_2_LDI3', name: 'LIB_3_WG', sequencingLane: '2' },
    { id: '5476_2_LDI4', name: 'LIB_4_WG_two_assays', sequencingLane: '2', assayIds: [2, 1] },
  ];

  test('by assay and design: one batch per (assays, design), in selection order', () => {
    const { batches } = plan(selection);
    expect(batches.map((b) => [b.label, b.runLibraryIds])).toEqual([
      ['Assay 1 · WG', ['5476_1_LDI1', '5476_2_LDI3']],
      ['Assay 1 · WT', ['5476_1_LDI2']],
      ['Assay 1 + Assay 2 · WG', ['5476_2_LDI4']],
    ]);
    for (const batch of batches) {
      expect(batch.request.library_aliquots.map((l) => l.name)).toEqual(
        batch.runLibraryIds.map((id) => id.split('_').at(-1)),
      );
    }
  });

  test('WT libraries get their own design’s threshold', () => {
    const wt = plan(selection).batches.find((b) => b.label.endsWith('WT'));
    expect(wt?.request.library_aliquots[0]?.metrics).toEqual([
      { title: 'Mean Insert Size', threshold_type: 'gt', threshold: 100, value: 310.55555 },
    ]);
  });

  test('combined: one page with every library (MISO accepts mixed ones)', () => {
    const { batches } = plan(selection, 'combined');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.label).toBe('All selected');
    expect(batches[0]?.runLibraryIds).toEqual(['5476_1_LDI1', '5476_1_LDI2', '5476_2_LDI3', '5476_2_LDI4']);
    expect(batches[0]?.request.library_aliquots.map((l) => [l.name, l.partition])).toEqual([
      ['LDI1', 1],
      ['LDI2', 1],
      ['LDI3', 2],
      ['LDI4', 2],
    ]);
  });
});

describe('left out, with the reason (§2.1 checks, §2.3 rejections)', () => {
  test.each<[string, Partial<SampleInput>, RegExp]>([
    ['no run', { run: null }, /not a run-library/],
    ['an id that is not a run-library id', { id: 'SAM123' }, /not a run-library/],
    ['no assay', { assayIds: [] }, /no assay/],
    ['only BOOLEAN and run metrics apply', { assayIds: [3] }, /BOOLEAN.*run-level|MISO needs at least one metric/],
    ['a required bound is missing', { assayIds: [4] }, /Duplication Rate.*maximum/],
    ['every title has < or >', { assayIds: [6] }, /title MISO rejects/],
  ])('%s', (_label, fields, reason) => {
    const { batches, leftOut } = plan([
      { id: '5476_1_LDI9', name: 'GOOD' },
      { name: 'ODD', ...fields },
    ]);
    expect(leftOut).toHaveLength(1);
    expect(leftOut[0]).toMatchObject({ name: 'ODD' });
    expect(leftOut[0]?.reason).toMatch(reason);
    // The others still go.
    expect(batches.flatMap((b) => b.runLibraryIds)).toEqual(['5476_1_LDI9']);
  });

  test('nothing sendable: no batches at all, every library named', () => {
    const { batches, leftOut } = plan([{ assayIds: [] }, { run: null, id: 'X' }]);
    expect(batches).toEqual([]);
    expect(leftOut.map((l) => l.runLibraryId)).toEqual(['5476_1_LDI73620', 'X']);
  });

  test('a title with < or > is dropped and named; the library still goes with its other metrics', () => {
    const { batches, leftOut, droppedMetrics } = plan([{ assayIds: [5] }]);
    expect(leftOut).toEqual([]);
    expect(droppedMetrics).toEqual([
      { runLibraryId: '5476_1_LDI73620', title: '% reads > Q30', reason: expect.stringMatching(/< or >/) },
    ]);
    expect(batches[0]?.request.library_aliquots[0]?.metrics.map((m) => m.title)).toEqual([
      'Mean Coverage Deduplicated',
    ]);
  });
});

describe('form size: MISO’s server (Tomcat, 2 MB by default) drops a larger form’s data', () => {
  const selection = (n: number): Partial<SampleInput>[] =>
    Array.from({ length: n }, (_, i) => {
      const lane = (i % 8) + 1;
      return { id: `5476_${lane}_LDI${1000 + i}`, name: `LIB_${i}_WG`, sequencingLane: String(lane) };
    });
  const planned = (n: number, maxFormBytes?: number) =>
    planQcInMiso({
      samples: selection(n).map((s) => sample({ ...values, ...s })),
      category: 'FULL_DEPTH_SEQUENCING',
      assaysById: assays,
      grouping: 'by-assay-and-design',
      maxFormBytes,
    });

  test('the body size is what a browser posts: `data=` and the JSON, form-urlencoded', () => {
    const texts = ['{"title":"Mean Coverage","value":41.27}', 'a b*c-d._e~f!', 'Größe µm — 5′ ✓ 𝔸'];
    for (const text of texts)
      expect(formEncodedLength(text)).toBe(new URLSearchParams({ d: text }).toString().length - 2);
    const request = planned(3).batches[0]!.request;
    expect(formBodyBytes(request)).toBe(new URLSearchParams({ data: JSON.stringify(request) }).toString().length);
  });

  test('a form exactly at the limit goes as one page; one byte over, as two, with every library once and in order', () => {
    const whole = planned(5).batches[0]!;
    const bytes = formBodyBytes(whole.request);
    const at = planned(5, bytes);
    expect(at.batches.map((b) => b.label)).toEqual(['Assay 1 · WG']);
    expect(at.split).toEqual([]);

    const over = planned(5, bytes - 1);
    expect(over.batches.map((b) => b.label)).toEqual(['Assay 1 · WG (page 1 of 2)', 'Assay 1 · WG (page 2 of 2)']);
    expect(over.split).toEqual([{ label: 'Assay 1 · WG', pages: 2, bytes }]);
    expect(over.batches.flatMap((b) => b.runLibraryIds)).toEqual(whole.runLibraryIds);
    expect(over.batches.flatMap((b) => b.request.library_aliquots)).toEqual(whole.request.library_aliquots);
    for (const batch of over.batches) {
      expect(formBodyBytes(batch.request)).toBeLessThanOrEqual(bytes - 1);
      expect(batch.request.library_aliquots.map((l) => l.name)).toEqual(
        batch.runLibraryIds.map((id) => id.split('_').at(-1)),
      );
    }
  });

  test('a selection whose form passes 2 MB is sent as several pages, each under 1.5 MB', () => {
    expect(MAX_FORM_BODY_BYTES).toBe(1.5 * 1024 * 1024);
    const big = planned(6_000);
    const [split] = big.split;
    expect(split?.bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(big.split).toEqual([{ label: 'Assay 1 · WG', pages: big.batches.length, bytes: split?.bytes }]);
    expect(big.batches.length).toBeGreaterThan(1);
    for (const batch of big.batches) expect(formBodyBytes(batch.request)).toBeLessThanOrEqual(MAX_FORM_BODY_BYTES);
    expect(big.batches.flatMap((b) => b.runLibraryIds)).toEqual(selection(6_000).map((s) => s.id));
  });

  test('a library whose metrics alone are too big for one form is left out and named', () => {
    const { batches, leftOut } = planned(2, 200);
    expect(batches).toEqual([]);
    expect(leftOut.map((l) => [l.name, l.reason])).toEqual([
      ['LIB_0_WG', expect.stringMatching(/larger than MISO’s server takes/)],
      ['LIB_1_WG', expect.stringMatching(/larger than MISO’s server takes/)],
    ]);
  });
});
