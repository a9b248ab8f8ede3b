import { chromium, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PipelineStatus } from '../lib/messages/protocol';
import { SIZES, ensureDocument } from './documents';
import { serveDocument } from './serve';
import type { BenchModule, Table } from './table';

const EXTENSION = path.resolve(process.env.EXTENSION_PATH ?? '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MB = 1e6;
const TIMEOUT_MS = 10 * 60_000;

const TITLE = 'Real ingest in Chromium: built extension, background worker, IndexedDB';
const COLUMNS = ['document', 'MB', 'wall s', 'background s', 'MB/s', 'cases', 'run-libraries', 'IndexedDB MB'];

function skipped(reason: string): Table[] {
  return [{ title: TITLE, columns: COLUMNS, rows: [], notes: [`skipped: ${reason}`] }];
}

/** Asks the background from an extension page, the way the popup does (the messaging library's envelope). */
async function pipelineStatus(page: Page): Promise<PipelineStatus> {
  const answer = await page.evaluate(() =>
    chrome.runtime.sendMessage({ id: 1, type: 'getPipelineStatus', data: undefined, timestamp: Date.now() }),
  );
  return z.object({ res: PipelineStatus }).parse(answer).res;
}

/** The 50 MB document through the built extension's background into real IndexedDB. */
export const chromiumBench: BenchModule = {
  name: 'chromium',
  async run(): Promise<Table[]> {
    const manifestFile = path.join(EXTENSION, 'manifest.json');
    if (!existsSync(CHROMIUM)) return skipped(`no Chromium at ${CHROMIUM}`);
    if (!existsSync(manifestFile)) return skipped('no built extension: run `npm run build:sandbox-hosts`');
    const Manifest = z.object({ host_permissions: z.array(z.string()).default([]) });
    const manifest = Manifest.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
    if (!manifest.host_permissions.includes('http://127.0.0.1/*')) {
      return skipped('the build lacks the loopback hosts: run `npm run build:sandbox-hosts`');
    }

    const spec = SIZES.find((s) => s.label === '50 MB') ?? SIZES[0];
    const document = await ensureDocument(spec);
    const server = await serveDocument(document);
    const context = await chromium.launchPersistentContext('', {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        `--disable-extensions-except=${EXTENSION}`,
        `--load-extension=${EXTENSION}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
      const page = await context.newPage();
      await page.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
      // The first managed-storage read after launch waits ~3 s for Chromium's policy service: not Bao's cost.
      await pipelineStatus(page);
      const started = Date.now();
      await worker.evaluate(
        async (settings) => chrome.storage.local.set({ settings }),
        { cardeaUrl: server.url, pollSeconds: 3600 },
      );
      let status = await pipelineStatus(page);
      while (status.documentTimestamp !== document.timestamp || status.state !== 'idle') {
        if (status.failure) throw new Error(`the background failed: ${JSON.stringify(status.failure)}`);
        if (Date.now() - started > TIMEOUT_MS) throw new Error('the background did not finish in time');
        await page.waitForTimeout(250);
        status = await pipelineStatus(page);
      }
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
            'wall: from saving the Cardea URL to getPipelineStatus reporting the new document (polled every 250 ms);',
            'background: the worker\'s own duration (timestamp check, download, parse, IndexedDB writes,',
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
