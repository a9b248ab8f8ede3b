import type fc from 'fast-check';

// Every property in tests/unit/fuzz runs from this one seed, so a run is the same run every time and CI
// stays deterministic. fast-check's failure message prints `{ seed: …, path: "…" }`; to replay it:
//   BAO_FUZZ_SEED=<seed> BAO_FUZZ_PATH=<path> npx vitest run tests/unit/fuzz/<file>
// BAO_FUZZ_SEED alone explores another region; BAO_FUZZ_RUNS=<factor> multiplies every property's runs
// (e.g. 20 for a long local soak of the parsers).

function envNumber(name: string): number | undefined {
  const text = process.env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${text}`);
  return value;
}

export const FUZZ_SEED = envNumber('BAO_FUZZ_SEED') ?? 20_260_415;
const replayPath = process.env.BAO_FUZZ_PATH?.trim() || undefined;
const runsFactor = envNumber('BAO_FUZZ_RUNS') ?? 1;

/** Options for every `fc.assert` here: the fixed seed, `numRuns` scaled by BAO_FUZZ_RUNS, and a per-run time limit. */
export function fcOptions<T>(numRuns: number): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED,
    path: replayPath,
    numRuns: Math.max(1, Math.round(numRuns * runsFactor)),
    // An async run that never settles is a hang: it fails the property (with its seed) instead of the whole file.
    timeout: 5_000,
  };
}
