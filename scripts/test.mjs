// `npm test`: type check, lint, builds for Chromium and Firefox (granting the sandbox's loopback hosts),
// web-ext lint, format check, unit, e2e —
// every step runs even when an earlier one fails, so one report shows everything — then the
// `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('reports', { recursive: true, force: true });
const steps = [
  ['type check', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['build', 'npx', ['wxt', 'build'], { BAO_LOOPBACK_HOSTS: '1' }],
  // The Firefox build (.output/firefox-mv3), checked as addons.mozilla.org would; the Firefox e2e
  // project loads it.
  ['build firefox', 'npx', ['wxt', 'build', '-b', 'firefox'], { BAO_LOOPBACK_HOSTS: '1' }],
  ['web-ext lint', 'node', ['scripts/lint-firefox.mjs', '.output/firefox-mv3']],
  // Last before the tests: it only says whether `npm run fix` has been run, and its list is long.
  ['format', 'npx', ['prettier', '--check', '.']],
  ['unit', 'npx', ['vitest', 'run'], { BAO_REPORTS: '1' }],
  ['e2e', 'npx', ['playwright', 'test'], { BAO_REPORTS: '1' }],
];
const failedSteps = [];
for (const [name, command, args, env = {}] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`◀ ${name}: ${status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0) failedSteps.push(name);
}
const summary = spawnSync('node', ['scripts/test-summary.mjs', ...failedSteps.map((s) => `--failed-step=${s}`)], {
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
