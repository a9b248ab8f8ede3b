// `npm test`: type check, lint, format check, builds for Chromium and Firefox (granting the sandbox's loopback
// hosts), web-ext lint, unit, e2e — every step runs even when an earlier one fails, so one report shows
// everything — then the `N passed, N failed` line. The three static checks run side by side (each mostly
// uses one core; CI has two), their output printed one after another.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('reports', { recursive: true, force: true });
const staticChecks = [
  ['type check', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  // It only says whether `npm run fix` has been run, and its list is long.
  ['format', 'npx', ['prettier', '--check', '.']],
];
const steps = [
  ['build', 'npx', ['wxt', 'build'], { BAO_LOOPBACK_HOSTS: '1' }],
  // The Firefox build (.output/firefox-mv3), checked as addons.mozilla.org would; the Firefox e2e
  // project loads it.
  ['build firefox', 'npx', ['wxt', 'build', '-b', 'firefox'], { BAO_LOOPBACK_HOSTS: '1' }],
  ['web-ext lint', 'node', ['scripts/lint-firefox.mjs', '.output/firefox-mv3']],
  ['unit', 'npx', ['vitest', 'run'], { BAO_REPORTS: '1' }],
  ['e2e', 'npx', ['playwright', 'test'], { BAO_REPORTS: '1' }],
];
const failedSteps = [];
const report = (name, status, started, ended = Date.now()) => {
  console.log(`◀ ${name}: ${status === 0 ? 'ok' : 'FAILED'} in ${((ended - started) / 1000).toFixed(1)} s`);
  if (status !== 0) failedSteps.push(name);
};

function captured([name, command, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${String(error)}\n`)));
    child.on('close', (status) => resolve({ name, status, started, ended: Date.now(), output: Buffer.concat(output) }));
  });
}

for (const { name, status, started, ended, output } of await Promise.all(staticChecks.map(captured))) {
  console.log(`\n▶ ${name}`);
  process.stdout.write(output);
  report(name, status, started, ended);
}
for (const [name, command, args, env = {}] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  report(name, status, started);
}
const summary = spawnSync('node', ['scripts/test-summary.mjs', ...failedSteps.map((s) => `--failed-step=${s}`)], {
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
