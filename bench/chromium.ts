import type { Page } from '@playwright/test';
import { PipelineStatus } from '../lib/messages/protocol';
import {
  askBackground,
  backgroundOf,
  buildProblem,
  launchWithExtension,
  waitForIngest,
} from '../scripts/lib/extension-browser';
import { SIZES, ensureDocument } from './documents';
import { serveDocument } from './serve';
import type { BenchModule, Table } from './table';

const MB = 1e6;
const TIMEOUT_MS = 10 * 60_000;

const TITLE = 'Real ingest in Chromium: built extension, background worker, IndexedDB';
const COLUMNS = ['document', 'MB', 'wall s', 'background s', 'MB/s', 'cases', 'run-libraries', 'IndexedDB MB'];

function skipped(reason: string): Table[] {
  return [{ title: TITLE, columns: COLUMNS, rows: [], notes: [`skipped: ${reason}`] }];
}

const pipelineStatus = (page: Page): Promise<PipelineStatus> =>
  askBackground(page, PipelineStatus, 'getPipelineStatus');

/** The 50 MB document through the built extension's background into real IndexedDB. */
export const chromiumBench: BenchModule = {
  name: 'chromium',
  async run(): Promise<Table[]> {
    const problem = buildProblem();
    if (problem) return skipped(problem);

    const spec = SIZES.find((s) => s.label === '50 MB') ?? SIZES[0];
    const document = await ensureDocument(spec);
    const server = await serveDocument(document);
    const context = await launchWithExtension();
    try {
      const worker = await backgroundOf(context);
      const page = await context.newPage();
      await page.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
      // The first managed-storage read after launch waits ~3 s for Chromium's policy service: not Bao's cost.
      await pipelineStatus(page);
      const started = Date.now();
      await worker.evaluate(async (settings) => chrome.storage.local.set({ settings }), {
        cardeaUrl: server.url,
        pollSeconds: 3600,
      });
      const status = await waitForIngest(page, document.timestamp, TIMEOUT_MS);
      const wall = Date.now() - started;
      const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
      const backgroundMs = status.durationMs ?? wall;
      return [
        {
          title: TITLE,
          columns: COLUMNS,
          rows: [
            [
              spec.label,
              document.bytes / MB,
              wall / 1000,
              backgroundMs / 1000,
              document.bytes / MB / (backgroundMs / 1000),
              status.index?.cases ?? 0,
              status.index?.runLibraries ?? 0,
              usage / MB,
            ],
          ],
          notes: [
            'wall: from saving the Cardea URL to getPipelineStatus reporting the new document (polled every 200 ms);',
            "background: the worker's own duration (timestamp check, download, parse, IndexedDB writes,",
            'notifications, switch); IndexedDB MB: navigator.storage.estimate() afterwards.',
          ],
        },
      ];
    } finally {
      await context.close();
      await server.close();
    }
  },
};
