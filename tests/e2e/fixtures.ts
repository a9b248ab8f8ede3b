import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  backgroundOf,
  configureExtension,
  launchWithExtension,
  loginToSandbox,
  sandboxSecrets,
  sandboxSettings,
} from '../../scripts/lib/extension-browser';
import type { SettingsInput } from '../../lib/storage';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export interface Fixtures {
  sandboxOptions: SandboxOptions;
  sandbox: Sandbox;
  context: BrowserContext;
  background: Worker;
  extensionId: string;
  /** Points the extension at the sandbox (and anything else given), as the options page would. */
  configure: (overrides?: Partial<SettingsInput>, secrets?: Record<string, string>) => Promise<void>;
  /** Opens a page on the extension's own origin, e.g. `popup.html`. */
  openExtensionPage: (file: string) => Promise<Page>;
  /** Logs the browser into the sandbox Jira (session cookie, as after /login.jsp). */
  loginJira: (user?: string) => Promise<void>;
  /** Logs the browser into the sandbox MISO (`admin` is a run reviewer; `tech` is not). */
  loginMiso: (user?: string) => Promise<void>;
  /** A new empty folder, removed when the test ends. */
  tempDir: () => Promise<string>;
}

export const test = base.extend<Fixtures>({
  sandboxOptions: [{ etlDelayMs: 1500 }, { option: true }],
  sandbox: async ({ sandboxOptions }, use) => {
    const sandbox = await startSandbox(sandboxOptions);
    await use(sandbox);
    await sandbox.close();
  },
  context: async ({}, use) => {
    const context = await launchWithExtension();
    await use(context);
    await context.close();
  },
  background: async ({ context }, use) => use(await backgroundOf(context)),
  extensionId: async ({ background }, use) => use(new URL(background.url()).host),
  configure: async ({ background, sandbox }, use) => {
    await use(async (overrides = {}, secrets = {}) => {
      await configureExtension(background, sandboxSettings(sandbox, overrides), sandboxSecrets(sandbox, secrets));
    });
  },
  loginJira: async ({ context, sandbox }, use) => {
    await use((name = 'tess') => loginToSandbox(context, sandbox, { jira: name }));
  },
  loginMiso: async ({ context, sandbox }, use) => {
    await use((name = 'admin') => loginToSandbox(context, sandbox, { miso: name }));
  },
  tempDir: async ({}, use) => {
    const made: string[] = [];
    await use(async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'bao-e2e-'));
      made.push(dir);
      return dir;
    });
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

export const expect = test.expect;
