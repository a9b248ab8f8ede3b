import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SettingsInput } from '../../lib/settings';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export const EXTENSION_PATH = path.resolve(process.env.EXTENSION_PATH ?? '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function checkBuild(): void {
  const manifestFile = path.join(EXTENSION_PATH, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No built extension at ${EXTENSION_PATH}: run \`npm run build:sandbox-hosts\` first.`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { host_permissions?: string[] };
  if (!manifest.host_permissions?.includes('http://127.0.0.1/*')) {
    throw new Error('The built extension does not grant the sandbox hosts: build it with `npm run build:sandbox-hosts`.');
  }
}

export const chromiumArgs = [
  `--disable-extensions-except=${EXTENSION_PATH}`,
  `--load-extension=${EXTENSION_PATH}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Resolve nothing but loopback: no DNS lookups leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

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
    checkBuild();
    const context = await chromium.launchPersistentContext('', {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs,
    });
    await use(context);
    await context.close();
  },
  background: async ({ context }, use) => {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker', { timeout: 10_000 });
    await use(worker);
  },
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
      const allSecrets = { nabuApiKey: sandbox.nabu.apiKey, ...secrets };
      await background.evaluate(
        async ([s, k]) => chrome.storage.local.set({ settings: s, secrets: k }),
        [settings, allSecrets] as const,
      );
      // The background registers the content scripts for the new origins; pages opened before
      // that would not get them.
      const features = { jiraOverlay: true, misoOverlay: true, ...overrides.features };
      const wanted = [features.jiraOverlay && settings.jiraUrl && 'bao-jira', features.misoOverlay && settings.misoUrl && 'bao-miso'].filter(Boolean);
      await base.expect
        .poll(async () => {
          const scripts = await background.evaluate(() => chrome.scripting.getRegisteredContentScripts());
          return wanted.every((id) => scripts.some((s) => s.id === id));
        })
        .toBe(true);
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
