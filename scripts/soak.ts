import { parseArgs } from 'node:util';
import { formatFigures, soakFailed } from './soak/figures';
import { DEFAULT_SOAK, runSoak } from './soak/run';

// npm run soak -- [--seed 15] [--count 1000] [--batches 50] [--minutes N] [--sw-kills N] [--restarts N]
// Needs a built extension with the sandbox's hosts (npm run build:sandbox-hosts, or EXTENSION_PATH).

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    count: { type: 'string' },
    batches: { type: 'string' },
    minutes: { type: 'string' },
    'sw-kills': { type: 'string' },
    restarts: { type: 'string' },
    timeouts: { type: 'string' },
    'drain-seconds': { type: 'string' },
  },
});

const number = (value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${value}`);
  return n;
};

const count = number(values.count, DEFAULT_SOAK.count);
const figures = await runSoak({
  seed: number(values.seed, DEFAULT_SOAK.seed),
  count,
  batches: number(values.batches, DEFAULT_SOAK.batches),
  maxMinutes: values.minutes === undefined ? undefined : number(values.minutes, 0),
  swKills: number(values['sw-kills'], Math.max(1, Math.round(count / 50))),
  restarts: number(values.restarts, DEFAULT_SOAK.restarts),
  nabuTimeouts: number(values.timeouts, DEFAULT_SOAK.nabuTimeouts),
  drainMs: number(values['drain-seconds'], DEFAULT_SOAK.drainMs / 1000) * 1000,
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
});
console.log(formatFigures(figures));
if (figures.details.length > 0) console.log(`\n${figures.details.join('\n')}`);
process.exitCode = soakFailed(figures) ? 1 : 0;
