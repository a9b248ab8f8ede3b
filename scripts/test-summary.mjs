// Prints the closing `N passed, N failed` line CI reads, from the vitest and Playwright JSON reports.
// A step that failed without tests of its own (type check, build) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
const failedSteps = process.argv.filter((a) => a.startsWith('--failed-step=')).map((a) => a.slice(14));
let passed = 0;
let failed = 0;
for (const step of failedSteps.filter((s) => s !== 'unit' && s !== 'e2e')) {
  console.log(`${step}: failed`);
  failed += 1;
}
const unit = read('reports/vitest.json');
if (unit) {
  console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unit.numFailedTestSuites ?? 0);
} else {
  console.log('unit: no report');
  failed += 1;
}
const e2e = read('reports/e2e.json');
if (e2e) {
  const ok = (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  console.log(`e2e: ${ok} passed, ${e2e.stats.unexpected ?? 0} failed`);
  passed += ok;
  failed += e2e.stats.unexpected ?? 0;
  if ((e2e.errors ?? []).length > 0) failed += 1;
} else {
  console.log('e2e: no report');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
