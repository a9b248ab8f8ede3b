import { defineConfig } from '@playwright/test';

// Each test starts its own sandbox (in-process, free ports) and its own Chromium with the built
// extension, so tests cannot leak state into each other. Two cores: one worker.
export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: process.env.BAO_REPORTS ? [['list'], ['json', { outputFile: 'reports/e2e.json' }]] : [['list']],
  use: { trace: 'retain-on-failure' },
  // Chromium through Playwright; Firefox ESR through puppeteer-core over WebDriver BiDi (its own
  // fixtures in tests/firefox), in the same run and the same JSON report.
  projects: [
    { name: 'chromium', testDir: 'tests/e2e' },
    { name: 'firefox', testDir: 'tests/firefox' },
  ],
});
