import { describe, expect, test } from 'vitest';
import { decimalPlaces, formatMetricValue } from '../../../lib/qc/format';
import { metric } from './builders';

const min = (minimum: number) => metric({ thresholdType: 'GE', minimum, maximum: null });
const max = (maximum: number) => metric({ thresholdType: 'LE', minimum: null, maximum });

describe('formatMetricValue', () => {
  test.each([
    // the four examples docs/qc-rules.md#value-formatting verified with node
    ['§1.11 verified: 12.999 is cut, not rounded', 12.999, [min(10)], '12.9'],
    ['§1.11 verified: 12.9996 rounds at 3 places first (the quirk)', 12.9996, [min(10)], '13.0'],
    ['§1.11 verified: 7.2273 with max 50', 7.2273, [max(50)], '7.2'],
    ['§1.11 verified: 4835.207 with min 500, commas', 4835.207, [min(500)], '4,835.2'],
    // integers
    ['§1.11 p = 0 and an integer value → no decimals', 40, [min(30)], '40'],
    ['§1.11 p = 0 integer with thousands → commas', 1234567, [min(10)], '1,234,567'],
    ['§1.11/§7.10 JSON 150.0 arrives as 150 → p = 0', 150, [min(150.0)], '150'],
    ['§1.11 p = 1 makes an integer show 2 decimals', 40, [min(0.5)], '40.00'],
    ['§1.11 p = 0 but a fractional value → 1 decimal', 40.05, [min(30)], '40.0'],
    // truncation at p+1 digits
    ['§1.11 999.96 truncates to 999.9, not 1,000.0', 999.96, [min(500)], '999.9'],
    ['§1.11 9999.9996 rounds at 3 places, then cut', 9999.9996, [min(500)], '10,000.0'],
    ['§1.11 1234567.89 → 1,234,567.8', 1234567.89, [min(10)], '1,234,567.8'],
    ['§1.11 negative values are cut toward zero', -3.456, [min(0)], '-3.4'],
    ['§1.11 p = 1 → 2 decimals cut', 0.5678, [min(0.1)], '0.56'],
    ['§1.11 p = 2 → 3 decimals: rounding and cutting coincide (0.12399 → 0.124)', 0.12399, [min(0.05)], '0.124'],
    ['§1.11 p = 3 → 4 decimals, rounded at 4 places (0.123456 → 0.1235)', 0.123456, [min(0.001)], '0.1235'],
    ['§1.11 p = 3 → 4 decimals, a carry (0.99996 → 1.0000)', 0.99996, [min(0.001)], '1.0000'],
    // p over several metrics and both bounds
    ['§1.11 p is the most decimals among all bounds', 7.123456, [min(1), max(2.25)], '7.123'],
    [
      '§1.11 p reads BETWEEN maximum too',
      1.23456,
      [metric({ thresholdType: 'BETWEEN', minimum: 1, maximum: 1.5 })],
      '1.23',
    ],
    ['§1.11 missing bounds count as 0 places', 3.14159, [metric({ thresholdType: 'GE', minimum: null })], '3.1'],
    ['no metrics → p = 0', 5, [], '5'],
    ['no metrics, fractional → 1 decimal', 5.55, [], '5.5'],
    ['zero with p = 0', 0, [min(0)], '0'],
  ])('%s', (_label, value, metrics, text) => {
    expect(formatMetricValue(value, metrics)).toBe(text);
  });
});

describe('decimalPlaces', () => {
  test.each([
    ['integer', 150, 0],
    ['two places', 0.25, 2],
    ['null', null, 0],
    ['exponent form 1.5e-7', 1.5e-7, 8],
    ['exponent form 1e-7', 1e-7, 7],
    ['large exponent 1e21', 1e21, 0],
    ['negative', -0.125, 3],
  ])('%s', (_label, value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});
