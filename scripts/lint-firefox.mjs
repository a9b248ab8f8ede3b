// `web-ext lint` on the built Firefox extension, one line per finding instead of its wide table:
// errors fail the step (addons.mozilla.org would refuse the package), warnings are only listed.
import { spawnSync } from 'node:child_process';

const sourceDir = process.argv[2] ?? '.output/firefox-mv3';
const run = spawnSync('npx', ['web-ext', 'lint', '--source-dir', sourceDir, '--output', 'json'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`web-ext lint gave no report for ${sourceDir}:\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const m of report[kind] ?? []) {
    const where = m.file ? ` ${m.file}${m.line ? `:${m.line}` : ''}` : '';
    console.log(`${kind.slice(0, -1)} ${m.code}${where}: ${m.message}`);
  }
}
const { errors = 0, warnings = 0, notices = 0 } = report.summary ?? {};
console.log(`web-ext lint ${sourceDir}: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors > 0 || run.status !== 0 ? 1 : 0);
