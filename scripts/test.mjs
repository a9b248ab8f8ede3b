// `npm test`: type check, lint, builds for Chromium and Firefox (granting the sandbox's loopback hosts),
// web-ext lint, format check, then unit and e2e side by side —
// every step runs even when an earlier one fails, so one report shows everything — then the
// `N passed, N failed` line.
import { spawn, spawnSync } from 'node:child_process';
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
];
const failedSteps = [];
const seconds = (started) => ((Date.now() - started) / 1000).toFixed(1);
const finished = (name, status, started) => {
  console.log(`◀ ${name}: ${status === 0 ? 'ok' : 'FAILED'} in ${seconds(started)} s`);
  if (status !== 0) failedSteps.push(name);
};
for (const [name, command, args, env = {}] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  finished(name, status, started);
}

// The unit tests run beside the e2e suite, at a lower priority: the e2e run spends much of its time waiting on
// browsers, sandboxes and timers, and the unit tests fill those gaps instead of taking minutes of their own. Their
// output is held back and printed once the e2e output is done, so the two do not interleave.
const unitStarted = Date.now();
console.log('\n▶ unit (beside e2e; its output follows the e2e output)');
const unit = spawn('nice', ['-n', '15', 'npx', 'vitest', 'run'], {
  env: { ...process.env, BAO_REPORTS: '1', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const unitOutput = [];
unit.stdout.on('data', (chunk) => unitOutput.push(chunk));
unit.stderr.on('data', (chunk) => unitOutput.push(chunk));
const unitStatus = new Promise((resolve) => unit.on('close', (code) => resolve(code ?? 1)));

const e2eStarted = Date.now();
console.log('\n▶ e2e');
const { status: e2eStatus } = spawnSync('npx', ['playwright', 'test'], {
  stdio: 'inherit',
  env: { ...process.env, BAO_REPORTS: '1' },
});
finished('e2e', e2eStatus, e2eStarted);
const unitCode = await unitStatus;
console.log('\n▶ unit output');
process.stdout.write(Buffer.concat(unitOutput));
finished('unit', unitCode, unitStarted);
const summary = spawnSync('node', ['scripts/test-summary.mjs', ...failedSteps.map((s) => `--failed-step=${s}`)], {
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
