// Prints the closing `N passed, N failed` line CI reads, from the vitest and Playwright JSON reports.
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
const unit = read('reports/vitest.json');
const e2e = read('reports/e2e.json');
let passed = 0;
let failed = 0;
if (unit) {
  console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
} else {
  console.log('unit: no report (did the unit tests run?)');
  failed += 1;
}
if (e2e) {
  const ok = (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  console.log(`e2e: ${ok} passed, ${e2e.stats.unexpected ?? 0} failed`);
  passed += ok;
  failed += e2e.stats.unexpected ?? 0;
} else {
  console.log('e2e: no report (did the end-to-end tests run?)');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
