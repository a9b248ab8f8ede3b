import { test as base } from '@playwright/test';
import type { Browser, Page } from 'puppeteer-core';
import { sandboxSecrets, sandboxSettings } from '../../scripts/lib/extension-browser';
import type { SettingsInput } from '../../lib/storage';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import {
  configureFirefox,
  launchFirefox,
  loginFirefox,
  newProfile,
  openExtensionPage,
  removeProfile,
} from './firefox-browser';

// The Firefox project's fixtures: Playwright's runner and expect, but the browser is Firefox ESR
// launched by puppeteer-core over WebDriver BiDi, with a fresh profile and sandbox per test.

export interface FirefoxFixtures {
  sandboxOptions: SandboxOptions;
  sandbox: Sandbox;
  profile: string;
  firefox: Browser;
  /** An extension page kept open to talk to the extension's APIs (storage, action, scripting). */
  extensionPage: Page;
  openExtensionPage: (file: string) => Promise<Page>;
  configure: (overrides?: Partial<SettingsInput>, secrets?: Record<string, string>) => Promise<void>;
  loginJira: (user?: string) => Promise<void>;
  loginMiso: (user?: string) => Promise<void>;
}

export const test = base.extend<FirefoxFixtures>({
  sandboxOptions: [{ etlDelayMs: 1500 }, { option: true }],
  sandbox: async ({ sandboxOptions }, use) => {
    const sandbox = await startSandbox(sandboxOptions);
    await use(sandbox);
    await sandbox.close();
  },
  profile: async ({}, use) => {
    const dir = newProfile();
    await use(dir);
    removeProfile(dir);
  },
  firefox: async ({ profile }, use) => {
    const browser = await launchFirefox(profile);
    await use(browser);
    if (browser.connected) await browser.close();
  },
  extensionPage: async ({ firefox }, use) => use(await openExtensionPage(firefox, 'options.html')),
  openExtensionPage: async ({ firefox }, use) => use((file) => openExtensionPage(firefox, file)),
  configure: async ({ extensionPage, sandbox }, use) => {
    await use((overrides = {}, secrets = {}) =>
      configureFirefox(extensionPage, sandboxSettings(sandbox, overrides), sandboxSecrets(sandbox, secrets)),
    );
  },
  loginJira: async ({ firefox, sandbox }, use) =>
    use((name = 'tess') => loginFirefox(firefox, sandbox, { jira: name })),
  loginMiso: async ({ firefox, sandbox }, use) =>
    use((name = 'admin') => loginFirefox(firefox, sandbox, { miso: name })),
});

export const expect = test.expect;
