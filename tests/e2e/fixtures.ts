import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { backgroundOf, configureExtension, launchWithExtension } from '../../scripts/lib/extension-browser';
import type { SettingsInput } from '../../lib/settings';
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
      const settings = {
        cardeaUrl: sandbox.urls.cardea,
        misoUrl: sandbox.urls.miso,
        jiraUrl: sandbox.urls.jira,
        nabuUrl: sandbox.urls.nabu,
        displayName: 'Tess Ter',
        pollSeconds: 5,
        jiraProject: 'GLT',
        ...overrides,
      };
      await configureExtension(background, settings, { nabuApiKey: sandbox.nabu.apiKey, ...secrets });
    });
  },
  loginJira: async ({ context, sandbox }, use) => {
    await use(async (name = 'tess') => {
      const user = sandbox.jira.user(name);
      if (!user) throw new Error(`no sandbox Jira user ${name}`);
      const { id } = sandbox.jira.createSession(user);
      await context.addCookies([{ name: 'JSESSIONID', value: id, url: sandbox.urls.jira, httpOnly: true, sameSite: 'Lax' }]);
    });
  },
  loginMiso: async ({ context, sandbox }, use) => {
    await use(async (name = 'admin') => {
      const id = sandbox.miso.createSession(name);
      await context.addCookies([{ name: 'JSESSIONID', value: id, url: sandbox.urls.miso, httpOnly: true, sameSite: 'Lax' }]);
    });
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
