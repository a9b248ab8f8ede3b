// Westgard's multirule on a Levey–Jennings series: the definitions are written out in docs/trends.md#westgard-rules.
// Every rule looks at the newest point (this run) and the ones just before it; a rule fires only when its pattern
// ends at this run, so a shift long past does not keep warning on every later run.

export const WESTGARD_RULES = ['1-3s', '2-2s', 'R-4s', '4-1s', '10-x'] as const;
export type WestgardRule = (typeof WESTGARD_RULES)[number];

/** Mean and standard deviation of the prior runs (never including this run). */
export interface Baseline {
  mean: number;
  sd: number;
}

export interface RuleResult {
  rule: WestgardRule;
  fires: boolean;
  /** Indices into the series (oldest first) of the points that make the pattern; empty when it does not fire. */
  points: number[];
  /** What the rule checks and what it found, in one sentence. */
  explanation: string;
}

const shown = new Intl.NumberFormat('en-CA', { maximumSignificantDigits: 4 });
const fmt = (value: number) => shown.format(value);

/** How many SD from the mean, signed. */
const zOf = (value: number, { mean, sd }: Baseline) => (value - mean) / sd;

/** The last `count` indices of a series of `length` points, oldest first; null when the series is shorter. */
function lastIndices(length: number, count: number): number[] | null {
  if (length < count) return null;
  return Array.from({ length: count }, (_, i) => length - count + i);
}

const side = (z: number) => (z > 0 ? 'above' : 'below');

function sameSideBeyond(zs: number[], indices: number[], limit: number): 1 | -1 | 0 {
  if (indices.every((i) => zs[i] > limit)) return 1;
  if (indices.every((i) => zs[i] < -limit)) return -1;
  return 0;
}

function oneThreeS(zs: number[], baseline: Baseline): RuleResult {
  const last = zs.length - 1;
  const z = zs[last];
  const fires = Math.abs(z) > 3;
  const where = `${fmt(Math.abs(z))} SD ${side(z)} the mean of ${fmt(baseline.mean)}`;
  return {
    rule: '1-3s',
    fires,
    points: fires ? [last] : [],
    explanation: fires
      ? `This run is ${where}: more than 3 SD from it, which a stable process shows about 3 times in 1,000 runs.`
      : `This run is ${where}, within 3 SD.`,
  };
}

function twoTwoS(zs: number[]): RuleResult {
  const indices = lastIndices(zs.length, 2);
  const direction = indices ? sameSideBeyond(zs, indices, 2) : 0;
  const fires = direction !== 0;
  return {
    rule: '2-2s',
    fires,
    points: fires && indices ? indices : [],
    explanation: fires
      ? `This run and the one before are both more than 2 SD ${direction > 0 ? 'above' : 'below'} the mean: a systematic shift.`
      : 'This run and the one before are not both more than 2 SD to the same side of the mean.',
  };
}

function rangeFourS(zs: number[]): RuleResult {
  const indices = lastIndices(zs.length, 2);
  const [a, b] = indices ? [zs[indices[0]], zs[indices[1]]] : [0, 0];
  const fires = indices !== null && ((a > 2 && b < -2) || (a < -2 && b > 2));
  return {
    rule: 'R-4s',
    fires,
    points: fires && indices ? indices : [],
    explanation: fires
      ? `This run is more than 2 SD ${side(b)} the mean and the run before more than 2 SD ${side(a)} it: a range over 4 SD between consecutive runs, random error.`
      : 'This run and the one before are not more than 2 SD on opposite sides of the mean.',
  };
}

function fourOneS(zs: number[]): RuleResult {
  const indices = lastIndices(zs.length, 4);
  const direction = indices ? sameSideBeyond(zs, indices, 1) : 0;
  const fires = direction !== 0;
  return {
    rule: '4-1s',
    fires,
    points: fires && indices ? indices : [],
    explanation: fires
      ? `This run and the 3 before it are all more than 1 SD ${direction > 0 ? 'above' : 'below'} the mean: a shift or a drift.`
      : 'This run and the 3 before it are not all more than 1 SD to the same side of the mean.',
  };
}

function tenX(zs: number[]): RuleResult {
  const indices = lastIndices(zs.length, 10);
  const direction = indices ? sameSideBeyond(zs, indices, 0) : 0;
  const fires = direction !== 0;
  return {
    rule: '10-x',
    fires,
    points: fires && indices ? indices : [],
    explanation: fires
      ? `This run and the 9 before it are all ${direction > 0 ? 'above' : 'below'} the mean: the process has moved.`
      : 'This run and the 9 before it are not all on the same side of the mean.',
  };
}

/**
 * Every rule on `values` (oldest first; the last is this run) against the prior runs' `baseline`. The SD must be
 * above 0: a series without spread has no bands to measure against (the caller says so instead).
 */
export function westgard(values: readonly number[], baseline: Baseline): RuleResult[] {
  if (values.length === 0) throw new Error('westgard: a series needs at least this run');
  if (!(baseline.sd > 0)) throw new Error('westgard: the baseline SD must be above 0');
  const zs = values.map((v) => zOf(v, baseline));
  return [oneThreeS(zs, baseline), twoTwoS(zs), rangeFourS(zs), fourOneS(zs), tenX(zs)];
}
