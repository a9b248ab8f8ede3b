import { describe, expect, test } from 'vitest';
import { MetricSubcategory, type SampleInput } from '../../../lib/cardea/schema';
import { isRunMetricName, matchingMetrics, metricApplies, subcategoryApplies } from '../../../lib/qc/applicability';
import { type MetricInput, assay, assaysById, metric, run, sample, subcategory } from './builders';

describe('metricApplies', () => {
  test.each<[string, Partial<MetricInput>, Partial<SampleInput>, boolean]>([
    ['§1.6 no restrictions → applies', {}, {}, true],
    ['§1.6 tissueMaterial equal → applies', { tissueMaterial: 'FFPE' }, { tissueMaterial: 'FFPE' }, true],
    ['§1.6 tissueMaterial different → not', { tissueMaterial: 'FFPE' }, { tissueMaterial: 'Fresh Frozen' }, false],
    ['§1.6 tissueMaterial empty string is not a restriction', { tissueMaterial: '' }, { tissueMaterial: 'FFPE' }, true],
    ['§1.6 tissueOrigin equal → applies', { tissueOrigin: 'Lv' }, { tissueOrigin: 'Lv' }, true],
    ['§1.6 tissueOrigin different → not', { tissueOrigin: 'Lv' }, { tissueOrigin: 'Ly' }, false],
    ['§1.6 nucleicAcidType equal → applies', { nucleicAcidType: 'RNA' }, { nucleicAcidType: 'RNA' }, true],
    ['§1.6 nucleicAcidType different → not', { nucleicAcidType: 'RNA' }, { nucleicAcidType: 'DNA' }, false],
    ['§1.6 tissueType equal → applies', { tissueType: 'R' }, { tissueType: 'R' }, true],
    ['§1.6 tissueType different → not', { tissueType: 'R' }, { tissueType: 'P' }, false],
    [
      '§1.6 negateTissueType: different type → applies (40X for non-R)',
      { tissueType: 'R', negateTissueType: true },
      { tissueType: 'P' },
      true,
    ],
    ['§1.6 negateTissueType: same type → not', { tissueType: 'R', negateTissueType: true }, { tissueType: 'R' }, false],
    [
      '§1.6 negateTissueType without tissueType → no restriction',
      { negateTissueType: true },
      { tissueType: 'R' },
      true,
    ],
    [
      "§1.6 containerModel equal to the run's → applies",
      { containerModel: 'S4' },
      { run: run({ containerModel: 'S4' }) },
      true,
    ],
    ['§1.6 containerModel different → not', { containerModel: 'S4' }, { run: run({ containerModel: 'SP' }) }, false],
    [
      '§1.6 containerModel is exact (case matters)',
      { containerModel: 'S4' },
      { run: run({ containerModel: 's4' }) },
      false,
    ],
    ['§1.6 containerModel without a run → not', { containerModel: 'S4' }, { run: null }, false],
    ['§1.6 readLength equal → applies', { readLength: 151 }, { run: run({ readLength: 151 }) }, true],
    ['§1.6/§7.8 readLength +1 → applies', { readLength: 150 }, { run: run({ readLength: 151 }) }, true],
    ['§1.6/§7.8 readLength -1 → applies', { readLength: 152 }, { run: run({ readLength: 151 }) }, true],
    ['§1.6/§7.8 readLength +2 → not', { readLength: 149 }, { run: run({ readLength: 151 }) }, false],
    ['§1.6/§7.8 readLength -2 → not', { readLength: 153 }, { run: run({ readLength: 151 }) }, false],
    ['§1.6 readLength without a run → not', { readLength: 151 }, { run: null }, false],
    ["§1.6 readLength with the run's unknown → not", { readLength: 151 }, { run: run({ readLength: null }) }, false],
    [
      '§1.6 readLength2 within 1 → applies',
      { readLength: 151, readLength2: 150 },
      { run: run({ readLength: 151, readLength2: 151 }) },
      true,
    ],
    [
      '§1.6 readLength2 off by 2 → not',
      { readLength: 151, readLength2: 149 },
      { run: run({ readLength: 151, readLength2: 151 }) },
      false,
    ],
    [
      '§1.6 readLength2 against a single-end run → not',
      { readLength: 151, readLength2: 151 },
      { run: run({ readLength: 151, readLength2: null }) },
      false,
    ],
    [
      '§1.6/§7.8 readLength2 is ignored without readLength',
      { readLength2: 101 },
      { run: run({ readLength: 151, readLength2: 151 }) },
      true,
    ],
    [
      '§1.6 Qubit ng/µL (U+00B5) with ng/µL concentration → applies',
      { name: 'Concentration (Qubit)', units: 'ng/\u00b5L' },
      { concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      true,
    ],
    [
      '§1.6 Qubit ng/µL (U+00B5) with nM concentration → not',
      { name: 'Concentration (Qubit)', units: 'ng/\u00b5L' },
      { concentrationUnits: 'NANOMOLAR' },
      false,
    ],
    [
      '§1.6 Qubit ng/μL (U+03BC) with ng/µL concentration → applies',
      { name: 'Concentration (Qubit)', units: 'ng/\u03bcL' },
      { concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      true,
    ],
    [
      '§1.6 Qubit ng/μL (U+03BC) with nM concentration → not',
      { name: 'Concentration (Qubit)', units: 'ng/\u03bcL' },
      { concentrationUnits: 'NANOMOLAR' },
      false,
    ],
    [
      '§1.6 Qubit nM with nM concentration → applies',
      { name: 'Concentration (Qubit)', units: 'nM' },
      { concentrationUnits: 'NANOMOLAR' },
      true,
    ],
    [
      '§1.6 Qubit nM with ng/µL concentration → not',
      { name: 'Concentration (Qubit)', units: 'nM' },
      { concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      false,
    ],
    [
      '§1.6 Qubit nM with no concentration units → not',
      { name: 'Concentration (Qubit)', units: 'nM' },
      { concentrationUnits: null },
      false,
    ],
    [
      '§1.6 Qubit with other units → no unit restriction',
      { name: 'Concentration (Qubit)', units: 'ng' },
      { concentrationUnits: 'NANOMOLAR' },
      true,
    ],
    [
      '§1.6 the unit rule is only for Concentration (Qubit)',
      { name: 'Concentration', units: 'nM' },
      { concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      true,
    ],
    [
      '§1.6 every set field must match (one mismatch is enough)',
      { tissueOrigin: 'Lv', tissueType: 'M', containerModel: 'SP' },
      { tissueOrigin: 'Lv', tissueType: 'M' },
      false,
    ],
  ])('%s', (_label, metricFields, sampleFields, applies) => {
    expect(metricApplies(metric(metricFields), sample(sampleFields))).toBe(applies);
  });
});

describe('subcategoryApplies', () => {
  const coverage = metric({ name: 'Mean Coverage Deduplicated' });
  const q30 = metric({ name: 'Bases Over Q30', units: '%', minimum: 80 });
  const phix = metric({ name: 'PhiX Control', units: '%', minimum: 0.1 });
  test.each<[string, Parameters<typeof subcategory>, Partial<SampleInput>, boolean]>([
    ['§1.6 no design → applies', [[coverage]], {}, true],
    ['§1.6 design equal → applies', [[coverage], { libraryDesignCode: 'WG' }], { libraryDesignCode: 'WG' }, true],
    ['§1.6/§7.8 design different → not', [[coverage], { libraryDesignCode: 'WT' }], { libraryDesignCode: 'WG' }, false],
    [
      '§1.6 design set, sample without design → not',
      [[coverage], { libraryDesignCode: 'WT' }],
      { libraryDesignCode: null },
      false,
    ],
    ['§1.6 run-only subcategory with a run → applies', [[q30, phix]], {}, true],
    ['§1.6/§7.8 run-only subcategory without a run → not', [[q30, phix]], { run: null }, false],
    ['§1.6 a mixed subcategory without a run → applies', [[q30, coverage]], { run: null }, true],
  ])('%s', (_label, [metrics, fields], sampleFields, applies) => {
    expect(subcategoryApplies(MetricSubcategory.parse(subcategory(metrics, fields)), sample(sampleFields))).toBe(
      applies,
    );
  });
});

describe('isRunMetricName', () => {
  test.each([
    ['Bases Over Q30', true],
    ['Min Clusters (PF)', true],
    ['Min Reads Delivered (PF)', true],
    ['PhiX Control', true],
    ['Pass Filter Clusters', false],
    ['Mean Coverage Deduplicated', false],
  ])('§1.6 %s → %s', (name, isRun) => {
    expect(isRunMetricName(name)).toBe(isRun);
  });
});

describe('matchingMetrics', () => {
  const coverage40 = metric({
    name: 'Mean Coverage Deduplicated',
    minimum: 40,
    tissueType: 'R',
    negateTissueType: true,
  });
  const coverage30 = metric({ name: 'Mean Coverage Deduplicated', minimum: 30, tissueType: 'R' });
  const coverage50 = metric({ name: 'Mean Coverage Deduplicated', minimum: 50 });
  const dup = metric({ name: 'Duplication Rate', thresholdType: 'LE', minimum: null, maximum: 50, units: '%' });
  const assays = assaysById(
    assay(1, { FULL_DEPTH_SEQUENCING: [subcategory([coverage40, coverage30, dup])] }),
    assay(2, { FULL_DEPTH_SEQUENCING: [subcategory([coverage50], { libraryDesignCode: 'WG' })] }),
    assay(3, { LIBRARY_QUALIFICATION: [subcategory([coverage50])] }),
  );
  const minimums = (found: ReturnType<typeof matchingMetrics>) => found?.map((m) => m.minimum) ?? null;

  test.each<[string, Partial<SampleInput>, number[] | null]>([
    ['§1.6 no assayIds → null (N/A)', { assayIds: [] }, null],
    ['§1.6 no assayIds at all (Cardea null) → null', { assayIds: null }, null],
    ['§1.6 one assay, the non-R variant', { assayIds: [1], tissueType: 'P' }, [40]],
    ['§1.6 one assay, the R variant', { assayIds: [1], tissueType: 'R' }, [30]],
    ["§1.6/§7.2 from ALL the sample's assays", { assayIds: [1, 2], tissueType: 'P' }, [40, 50]],
    [
      "§1.6 the second assay's subcategory design excludes it",
      { assayIds: [1, 2], tissueType: 'P', libraryDesignCode: 'WT' },
      [40],
    ],
    ['§1.6 only the requested category', { assayIds: [3], tissueType: 'P' }, []],
    ['an assay id Cardea did not send is skipped', { assayIds: [99, 1], tissueType: 'P' }, [40]],
    ['a repeated assay id counts once', { assayIds: [1, 1], tissueType: 'P' }, [40]],
  ])('%s', (_label, fields, expected) => {
    expect(
      minimums(matchingMetrics('Mean Coverage Deduplicated', 'FULL_DEPTH_SEQUENCING', sample(fields), assays)),
    ).toEqual(expected);
  });

  test('§1.6 only metrics of the requested name', () => {
    const found = matchingMetrics('Duplication Rate', 'FULL_DEPTH_SEQUENCING', sample({ assayIds: [1, 2] }), assays);
    expect(found?.map((m) => m.name)).toEqual(['Duplication Rate']);
  });
});
