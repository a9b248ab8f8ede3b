import { describe, expect, test } from 'vitest';
import {
  anyMetricFails,
  divisorFor,
  divisorLetter,
  metricFails,
  requirementText,
  requirementsTooltip,
} from '../../../lib/qc/thresholds';
import { metric } from './builders';

describe('metricFails', () => {
  test.each([
    // [label, type, minimum, maximum, value, fails]
    ['§1.8 GT below the minimum fails', 'GT', 40, null, 39.9, true],
    ['§1.8/§7.1 GT at the minimum fails (equality)', 'GT', 40, null, 40, true],
    ['§1.8 GT above the minimum passes', 'GT', 40, null, 40.1, false],
    ['§1.8 GE below the minimum fails', 'GE', 40, null, 39.9, true],
    ['§1.8/§7.1 GE at the minimum passes', 'GE', 40, null, 40, false],
    ['§1.8 GE above the minimum passes', 'GE', 40, null, 41, false],
    ['§1.8 LT below the maximum passes', 'LT', null, 5, 4.9, false],
    ['§1.8/§7.1 LT at the maximum fails (equality)', 'LT', null, 5, 5, true],
    ['§1.8 LT above the maximum fails', 'LT', null, 5, 5.1, true],
    ['§1.8 LE below the maximum passes', 'LE', null, 5, 4.9, false],
    ['§1.8/§7.1 LE at the maximum passes', 'LE', null, 5, 5, false],
    ['§1.8 LE above the maximum fails', 'LE', null, 5, 5.1, true],
    ['§1.8 BETWEEN below the minimum fails', 'BETWEEN', 1, 2, 0.99, true],
    ['§1.8/§7.1 BETWEEN at the minimum passes (inclusive)', 'BETWEEN', 1, 2, 1, false],
    ['§1.8 BETWEEN inside passes', 'BETWEEN', 1, 2, 1.5, false],
    ['§1.8/§7.1 BETWEEN at the maximum passes (inclusive)', 'BETWEEN', 1, 2, 2, false],
    ['§1.8 BETWEEN above the maximum fails', 'BETWEEN', 1, 2, 2.01, true],
    ['§1.8 GT with no minimum passes', 'GT', null, null, -1e9, false],
    ['§1.8 GE with no minimum passes', 'GE', null, 3, -1e9, false],
    ['§1.8 LT with no maximum passes', 'LT', 3, null, 1e9, false],
    ['§1.8 LE with no maximum passes', 'LE', null, null, 1e9, false],
    ['§1.8 BETWEEN with no minimum still checks the maximum', 'BETWEEN', null, 2, 3, true],
    ['§1.8 BETWEEN with no minimum passes a low value', 'BETWEEN', null, 2, -100, false],
    ['§1.8 BETWEEN with no maximum still checks the minimum', 'BETWEEN', 1, null, 0, true],
    ['§1.8 BETWEEN with no maximum passes a high value', 'BETWEEN', 1, null, 1e9, false],
    ['§1.8 BOOLEAN is never compared', 'BOOLEAN', 1, 2, 100, false],
  ] as const)('%s', (_label, thresholdType, minimum, maximum, value, fails) => {
    expect(metricFails(metric({ thresholdType, minimum, maximum, units: null }), value)).toBe(fails);
  });

  test.each([
    // [label, units, threshold type, bound, value, fails]
    ['§1.8 divisor B: 0.52B/lane met exactly by 520,000,000', 'B/lane', 'GE', 0.52, 520_000_000, false],
    ['§1.8 divisor B: one cluster short fails', 'B/lane', 'GE', 0.52, 519_999_999, true],
    ['§1.8 divisor K: 500K met by 500,000', 'K', 'GE', 500, 500_000, false],
    ['§1.8 divisor K: 499,999 fails 500K', 'K/lane', 'GE', 500, 499_999, true],
    ['§1.8 divisor M: 10M passes with 10,000,001', 'M', 'GT', 10, 10_000_001, false],
    ['§1.8 divisor M: GT fails at 10,000,000 (equality after scaling)', 'M', 'GT', 10, 10_000_000, true],
    ['§1.8 lowercase k does not scale', 'kb', 'GE', 500, 600, false],
    ['§1.8 lowercase k does not scale (fails unscaled)', 'kb', 'GE', 500, 499, true],
    ['§1.8 X units do not scale', 'X', 'GE', 40, 40, false],
    ['§1.8 % units do not scale', '%', 'LE', 5, 6, true],
  ] as const)('%s', (_label, units, thresholdType, bound, value, fails) => {
    expect(metricFails(metric({ thresholdType, minimum: bound, maximum: bound, units }), value)).toBe(fails);
  });

  test('§1.8 an unknown threshold type throws', () => {
    // @ts-expect-error: an enum value Cardea does not define
    expect(() => metricFails({ thresholdType: 'EQ', minimum: 1, maximum: 1, units: null }, 1)).toThrow(/EQ/);
  });

  test.each([
    ['§1.8/§7.2 one of two metrics failing fails the cell', 45, true],
    ['§1.8/§7.2 both passing passes', 55, false],
  ])('%s', (_label, value, fails) => {
    const metrics = [metric({ thresholdType: 'GE', minimum: 40 }), metric({ thresholdType: 'GE', minimum: 50 })];
    expect(anyMetricFails(metrics, value)).toBe(fails);
  });
});

describe('divisorFor / divisorLetter', () => {
  test.each([
    ['§1.8 K', 'K/lane', 1e3, 'K'],
    ['§1.8 M', 'M', 1e6, 'M'],
    ['§1.8 B', 'B/lane', 1e9, 'B'],
    ['§1.8 lowercase k', 'k', 1, ''],
    ['§1.8 lowercase m', 'mg', 1, ''],
    ['§1.8 X', 'X', 1, ''],
    ['§1.8 no units', null, 1, ''],
    ['§1.8 empty units', '', 1, ''],
  ] as const)('%s', (_label, units, divisor, letter) => {
    expect(divisorFor(units)).toBe(divisor);
    expect(divisorLetter(units)).toBe(letter);
  });
});

describe('requirementText', () => {
  test.each([
    ['§1.8 GT, units with no space', 'GT', 40, null, 'X', '> 40X'],
    ['§1.8 GE with a decimal bound', 'GE', 0.52, null, 'B/lane', '>= 0.52B/lane'],
    ['§1.8 LT', 'LT', null, 5, '%', '< 5%'],
    ['§1.8 LE', 'LE', null, 0.5, null, '<= 0.5'],
    ['§1.8 BETWEEN', 'BETWEEN', 1, 2, '%', 'Between 1 and 2%'],
    ['§1.8 integers print without decimals, with en-CA grouping', 'GE', 1000, null, 'K/lane', '>= 1,000K/lane'],
    ['§1.8 others print up to 3 decimals', 'LE', null, 1.23456, null, '<= 1.235'],
    ['§1.8 a missing minimum prints Unknown', 'GE', null, null, null, '>= Unknown'],
    ['§1.8 a missing maximum prints Unknown', 'BETWEEN', 1, null, null, 'Between 1 and Unknown'],
    ['Bao prints a threshold of 0 (Dimsum prints Unknown)', 'GE', 0, null, '%', '>= 0%'],
    ['§1.8 BOOLEAN has no requirement text', 'BOOLEAN', null, null, null, null],
  ] as const)('%s', (_label, thresholdType, minimum, maximum, units, text) => {
    expect(requirementText(metric({ thresholdType, minimum, maximum, units }))).toBe(text);
  });

  test('§1.8 an unknown threshold type throws', () => {
    // @ts-expect-error: an enum value Cardea does not define
    expect(() => requirementText({ thresholdType: 'EQ', minimum: 1, maximum: 1, units: null })).toThrow();
  });
});

describe('requirementsTooltip', () => {
  const ge40 = metric({ thresholdType: 'GE', minimum: 40, units: 'X' });
  const ge30 = metric({ thresholdType: 'GE', minimum: 30, units: 'X' });
  const bool = metric({ thresholdType: 'BOOLEAN', minimum: null, units: null });
  test.each([
    ['§1.8 one metric → Required:', [ge40], ['Required: >= 40X']],
    ['§1.8/§7.2 two metrics with the same text → one Required:', [ge40, { ...ge40 }], ['Required: >= 40X']],
    ['§1.8/§7.2 distinct texts → Requirements: and a list', [ge40, ge30], ['Requirements:', '• >= 40X', '• >= 30X']],
    ['§1.8 BOOLEAN metrics add nothing', [bool], []],
    ['§1.8 BOOLEAN beside a threshold → just the threshold', [bool, ge30], ['Required: >= 30X']],
    ['no metrics → no lines', [], []],
  ])('%s', (_label, metrics, lines) => {
    expect(requirementsTooltip(metrics)).toEqual(lines);
  });
});
