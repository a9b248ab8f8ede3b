import { describe, expect, test } from 'vitest';
import { westgard, type WestgardRule } from '../../../lib/trends/westgard';

// Hand-made series in SD units: mean 0, SD 1, so each number is how many SD a run is from the mean. The last number
// is this run. Each rule is tried just inside and just outside the edge where it starts to fire.
const unit = { mean: 0, sd: 1 };

function outcome(rule: WestgardRule, values: number[]) {
  const result = westgard(values, unit).find((r) => r.rule === rule);
  if (!result) throw new Error(`no ${rule}`);
  return result;
}

describe('Westgard rules at their edges', () => {
  test.each<[WestgardRule, string, number[], number[] | null]>([
    ['1-3s', 'exactly 3 SD above', [0, 3], null],
    ['1-3s', 'just over 3 SD above', [0, 3.01], [1]],
    ['1-3s', 'just over 3 SD below', [0, -3.01], [1]],
    ['1-3s', 'exactly 3 SD below', [0, -3], null],
    ['1-3s', 'an earlier run over 3 SD, this one not', [3.5, 0], null],
    ['2-2s', 'both just over 2 SD above', [0, 2.01, 2.01], [1, 2]],
    ['2-2s', 'both just over 2 SD below', [0, -2.01, -2.01], [1, 2]],
    ['2-2s', 'the earlier one exactly 2 SD', [0, 2, 2.01], null],
    ['2-2s', 'this one exactly 2 SD', [0, 2.01, 2], null],
    ['2-2s', 'over 2 SD on opposite sides', [0, 2.01, -2.01], null],
    ['2-2s', 'only this run', [2.5], null],
    ['R-4s', 'the earlier above +2 SD, this one below −2 SD', [2.01, -2.01], [0, 1]],
    ['R-4s', 'the earlier below −2 SD, this one above +2 SD', [-2.01, 2.01], [0, 1]],
    ['R-4s', 'the earlier exactly +2 SD (a range just over 4 SD)', [2, -2.01], null],
    ['R-4s', 'this one exactly −2 SD', [2.01, -2], null],
    ['R-4s', 'both above 2 SD (no range)', [2.5, 2.5], null],
    ['R-4s', 'opposite sides but two runs apart', [2.5, 0, -2.5], null],
    ['4-1s', 'four just over 1 SD above', [0, 1.01, 1.01, 1.01, 1.01], [1, 2, 3, 4]],
    ['4-1s', 'four just over 1 SD below', [0, -1.01, -1.01, -1.01, -1.01], [1, 2, 3, 4]],
    ['4-1s', 'the oldest of the four exactly 1 SD', [0, 1, 1.01, 1.01, 1.01], null],
    ['4-1s', 'this one exactly 1 SD', [0, 1.01, 1.01, 1.01, 1], null],
    ['4-1s', 'only three runs', [1.5, 1.5, 1.5], null],
    ['4-1s', 'this one on the other side', [1.5, 1.5, 1.5, -1.5], null],
    ['10-x', 'ten just above the mean', [-1, ...Array<number>(10).fill(0.01)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['10-x', 'ten just below the mean', Array<number>(10).fill(-0.01), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['10-x', 'the oldest of the ten on the mean', [0, ...Array<number>(9).fill(0.5)], null],
    ['10-x', 'this one on the mean', [...Array<number>(9).fill(0.5), 0], null],
    ['10-x', 'only nine runs', Array<number>(9).fill(0.5), null],
  ])('%s: %s', (rule, _case, values, points) => {
    const result = outcome(rule, values);
    expect(result.fires).toBe(points !== null);
    expect(result.points).toEqual(points ?? []);
    expect(result.explanation.length).toBeGreaterThan(20);
  });

  test('the explanation says which way and by how much, in the series units', () => {
    const [oneThree] = westgard([500, 500, 380], { mean: 500, sd: 30 });
    expect(oneThree.fires).toBe(true);
    expect(oneThree.explanation).toContain('4 SD below the mean of 500');
  });

  test('a series with no spread is refused rather than judged', () => {
    expect(() => westgard([1, 1], { mean: 1, sd: 0 })).toThrow(/SD/);
  });
});
