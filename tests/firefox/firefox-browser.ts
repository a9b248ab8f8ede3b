import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { z } from 'zod';
import { wantedScripts, type ExtensionSettings } from '../../scripts/lib/extension-browser';
import type { Sandbox } from '../../sandbox/server';

// Firefox ESR with the built extension, driven over WebDriver BiDi by puppeteer-core (Playwright's
// own Firefox is a patched build it would have to download; Debian's firefox-esr speaks BiDi).

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_PATH = path.resolve(process.env.FIREFOX_EXTENSION_PATH ?? '.output/firefox-mv3');
/** The moz-extension:// host, fixed by a preference so tests can build extension page URLs. */
export const EXTENSION_UUID = '0b5ad0b5-ad0b-4ad0-8ad0-b5ad0b5ad0b5';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

const Manifest = z.object({
  host_permissions: z.array(z.string()).default([]),
  browser_specific_settings: z.object({ gecko: z.object({ id: z.string() }) }),
});

/** Why Firefox cannot run the extension against the sandbox, or undefined when it can. */
export function firefoxProblem(): string | undefined {
  const manifestFile = path.join(FIREFOX_EXTENSION_PATH, 'manifest.json');
  if (!existsSync(FIREFOX)) return `no Firefox at ${FIREFOX} (Debian: apt-get install firefox-esr)`;
  if (!existsSync(manifestFile)) {
    return `no Firefox build at ${FIREFOX_EXTENSION_PATH}: run \`BAO_LOOPBACK_HOSTS=1 npm run build:firefox\``;
  }
  const manifest = Manifest.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!manifest.host_permissions.includes('http://127.0.0.1/*')) {
    return 'the Firefox build does not ask for the sandbox hosts: build it with BAO_LOOPBACK_HOSTS=1';
  }
  return undefined;
}

export function extensionId(): string {
  const manifest = Manifest.parse(JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_PATH, 'manifest.json'), 'utf8')));
  return manifest.browser_specific_settings.gecko.id;
}

/** A fresh profile folder; the caller removes it (`removeProfile`) after the last launch on it. */
export function newProfile(): string {
  return mkdtempSync(path.join(tmpdir(), 'bao-firefox-'));
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts Firefox ESR on `profile` and installs the extension (a temporary add-on, as about:debugging
 * would). Its MV3 host_permissions (the sandbox's loopback hosts in test builds) are granted at
 * install, so no preference is needed for them.
 */
export async function launchFirefox(
  profile: string,
  { managed }: { managed?: Record<string, unknown> } = {},
): Promise<Browser> {
  const problem = firefoxProblem();
  if (problem) throw new Error(problem);
  const policy = managed ? managedPolicy(profile, managed) : { env: process.env, prefs: {} };
  const browser = await puppeteer.launch({
    env: policy.env,
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    // Firefox 153 lets WebDriver open moz-extension:// pages only with system access.
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 1400, height: 1600 },
    extraPrefsFirefox: {
      ...policy.prefs,
      // The same UUID on every launch also means the same origin, so a relaunch on the same profile
      // (which installs the temporary add-on again) finds the storage and IndexedDB it left.
      'extensions.webextensions.uuids': JSON.stringify({ [extensionId()]: EXTENSION_UUID }),
      // Optional host permissions requested during a user gesture are granted without Firefox's
      // doorhanger, which a headless test cannot click (Firefox still refuses a request made
      // outside a user gesture, as it would for a user).
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  await browser.installExtension(FIREFOX_EXTENSION_PATH);
  return browser;
}

/**
 * An administrator's settings for Bao, as policies.json's `3rdparty` section gives them to the
 * extension's managed storage. Firefox reads policies.json from its install or /etc/firefox; a test
 * cannot write there, so it points Firefox at a copy in the profile, which Firefox allows only "in
 * automation": the pref below plus MOZ_DISABLE_NONLOCAL_CONNECTIONS (harmless: the sandbox is local).
 */
function managedPolicy(profile: string, managed: Record<string, unknown>) {
  const policies = { policies: { '3rdparty': { Extensions: { [extensionId()]: managed } } } };
  const file = path.join(profile, 'policies.json');
  writeFileSync(file, JSON.stringify(policies));
  return {
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    prefs: {
      'browser.policies.alternatePath': file,
      'security.turn_off_all_security_so_that_viruses_can_take_over_this_computer': true,
    },
  };
}

/**
 * Opens an extension page. WebDriver BiDi's navigation to moz-extension:// never reports its end in
 * Firefox 153, so this waits for the page itself instead of the navigation.
 */
export async function openExtensionPage(browser: Browser, file: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${file}`;
  void page.goto(url, { timeout: 0 }).catch(() => undefined);
  // Asked again and again rather than with waitForFunction: an evaluation that meets the page's realm being
  // replaced mid-navigation fails with a protocol error ("right-hand side of 'in' should be an object"), and
  // waitForFunction gives up on the first.
  const deadline = Date.now() + 15_000;
  let last = 'not asked';
  while (Date.now() < deadline) {
    try {
      const [href, state] = await page.evaluate(() => [location.href, document.readyState]);
      if (href === url && state === 'complete') return page;
      last = `${href} ${state}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Firefox did not open ${url} within 15 s (last seen: ${last})`);
}

/**
 * Stores settings and secrets from an extension page, as the options page would, then waits until
 * the background has registered the content scripts they call for.
 */
export async function configureFirefox(
  page: Page,
  settings: ExtensionSettings,
  secrets: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<void> {
  const stored = await page.evaluate(
    async (s, k) => {
      const current = await chrome.storage.local.get(['settings', 'secrets']);
      const next = {
        settings: { ...(current.settings as object | undefined), ...s },
        secrets: { ...(current.secrets as object | undefined), ...k },
      };
      await chrome.storage.local.set(next);
      return next.settings as Record<string, unknown>;
    },
    settings,
    secrets,
  );
  const wanted = wantedScripts(stored);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scripts = await page.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((s) => ({ id: s.id, matches: s.matches ?? [] })),
    );
    const ours = scripts.filter((s) => s.id.startsWith('bao-'));
    const matching =
      ours.length === wanted.size &&
      ours.every((s) => wanted.has(s.id) && s.matches.every((m) => m.startsWith(wanted.get(s.id)!.replace(/\*$/, ''))));
    if (matching) return;
    if (Date.now() > deadline) {
      throw new Error(`the background did not register the content scripts in time: have ${JSON.stringify(ours)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The sandbox session cookies a login form would set, for Jira and/or MISO. */
export async function loginFirefox(
  browser: Browser,
  sandbox: Sandbox,
  users: { jira?: string; miso?: string },
): Promise<void> {
  const cookies: { url: string; value: string }[] = [];
  if (users.jira !== undefined) {
    const user = sandbox.jira.user(users.jira);
    if (!user) throw new Error(`no sandbox Jira user ${users.jira}`);
    cookies.push({ url: sandbox.urls.jira, value: sandbox.jira.createSession(user).id });
  }
  if (users.miso !== undefined) cookies.push({ url: sandbox.urls.miso, value: sandbox.miso.createSession(users.miso) });
  await browser.defaultBrowserContext().setCookie(
    ...cookies.map(({ url, value }) => ({
      name: 'JSESSIONID',
      value,
      domain: new URL(url).hostname,
      path: '/',
      httpOnly: true,
      sameSite: 'Lax' as const,
    })),
  );
}

/** The next tab whose address passes `wanted` (a tab the extension opens, say), once it has one. */
export async function waitForTab(browser: Browser, wanted: (url: string) => boolean, timeout = 30_000): Promise<Page> {
  const target = await browser.waitForTarget((t) => t.type() === 'page' && wanted(t.url()), { timeout });
  const page = await target.page();
  if (!page) throw new Error(`no page for the tab at ${target.url()}`);
  return page;
}
