import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PipelineStatus } from '../../lib/messages/protocol';
import type { SettingsInput } from '../../lib/settings-schema';
import type { Sandbox } from '../../sandbox/server';

// Launching Debian's Chromium with the built extension, and talking to it, for the e2e fixture,
// `npm start` and the benchmarks: Playwright's persistent context with --load-extension, which
// Debian's Chromium still honours, also headless.

export const EXTENSION_PATH = path.resolve(process.env.EXTENSION_PATH ?? '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the extension cannot be loaded against the sandbox, or undefined when it can. */
export function buildProblem(): string | undefined {
  const manifestFile = path.join(EXTENSION_PATH, 'manifest.json');
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`;
  if (!existsSync(manifestFile)) return `no built extension at ${EXTENSION_PATH}: run \`npm run build:sandbox-hosts\``;
  const manifest = z
    .object({ host_permissions: z.array(z.string()).default([]) })
    .parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!manifest.host_permissions.includes('http://127.0.0.1/*')) {
    return 'the built extension does not grant the sandbox hosts: build it with `npm run build:sandbox-hosts`';
  }
  return undefined;
}

/** Resolve nothing but loopback: no DNS lookups leave the machine. */
export const LOOPBACK_ONLY_RESOLVER = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1';

export const chromiumArgs = [
  `--disable-extensions-except=${EXTENSION_PATH}`,
  `--load-extension=${EXTENSION_PATH}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  LOOPBACK_ONLY_RESOLVER,
];

export async function launchWithExtension(
  options: { headless?: boolean; userDataDir?: string } = {},
): Promise<BrowserContext> {
  const problem = buildProblem();
  if (problem) throw new Error(problem);
  return chromium.launchPersistentContext(options.userDataDir ?? '', {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: chromiumArgs,
    viewport: { width: 1400, height: 900 },
  });
}

export async function backgroundOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
}

export type ExtensionSettings = Partial<SettingsInput>;

/** Bao pointed at every sandbox system, as Tess would set it up; `overrides` replace single settings. */
export function sandboxSettings(sandbox: Sandbox, overrides: ExtensionSettings = {}): ExtensionSettings {
  return {
    cardeaUrl: sandbox.urls.cardea,
    misoUrl: sandbox.urls.miso,
    jiraUrl: sandbox.urls.jira,
    nabuUrl: sandbox.urls.nabu,
    displayName: 'Tess Ter',
    pollSeconds: 5,
    jiraProject: 'GLT',
    ...overrides,
  };
}

/** The secrets for the sandbox: its Nabu API key, plus `overrides` (a Jira token, say). */
export function sandboxSecrets(sandbox: Sandbox, overrides: Record<string, string> = {}): Record<string, string> {
  return { nabuApiKey: sandbox.nabu.apiKey, ...overrides };
}

/** Logs the browser into the sandbox's Jira and/or MISO as `user`: the session cookie a login form would set. */
export async function loginToSandbox(
  context: BrowserContext,
  sandbox: Sandbox,
  users: { jira?: string; miso?: string },
): Promise<void> {
  const cookies = [];
  if (users.jira !== undefined) {
    const user = sandbox.jira.user(users.jira);
    if (!user) throw new Error(`no sandbox Jira user ${users.jira}`);
    cookies.push({ url: sandbox.urls.jira, value: sandbox.jira.createSession(user).id });
  }
  if (users.miso !== undefined) cookies.push({ url: sandbox.urls.miso, value: sandbox.miso.createSession(users.miso) });
  await context.addCookies(
    cookies.map((c) => ({ ...c, name: 'JSESSIONID', httpOnly: true, sameSite: 'Lax' as const })),
  );
}

/** `http://host/*` for a configured URL, as the background registers content scripts (any port). */
function hostPattern(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}

/** Which Bao content scripts the background registers for these settings, and for which host. */
export function wantedScripts(settings: Record<string, unknown>): Map<string, string> {
  const features = z
    .object({ jiraOverlay: z.boolean().default(true) })
    .loose()
    .default({ jiraOverlay: true })
    .parse(settings.features);
  const wanted = new Map<string, string>();
  const jira = hostPattern(settings.jiraUrl);
  const miso = hostPattern(settings.misoUrl);
  if (jira && features.jiraOverlay) wanted.set('bao-jira', jira);
  if (miso) wanted.set('bao-miso', miso);
  return wanted;
}

/**
 * Stores settings and secrets as the options page would (with `merge`, on top of the stored ones),
 * then waits until the background has registered exactly the content scripts they call for, and
 * unregistered the others: pages opened before that would run the wrong scripts.
 */
export async function configureExtension(
  background: Worker,
  settings: ExtensionSettings,
  secrets: Record<string, string> = {},
  { merge = false, timeoutMs = 15_000 } = {},
): Promise<void> {
  const stored = await background.evaluate(
    async ([s, k, m]) => {
      const current = m ? await chrome.storage.local.get(['settings', 'secrets']) : {};
      const next = {
        settings: { ...(current.settings as object | undefined), ...s },
        secrets: { ...(current.secrets as object | undefined), ...k },
      };
      await chrome.storage.local.set(next);
      return next.settings as Record<string, unknown>;
    },
    [settings, secrets, merge] as const,
  );
  const wanted = wantedScripts(stored);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scripts = (await background.evaluate(() => chrome.scripting.getRegisteredContentScripts())).filter((s) =>
      s.id.startsWith('bao-'),
    );
    // On the wanted host (`http://localhost/*` → every match under `http://localhost/`).
    const onHost = (id: string, matches: string[] = []) =>
      matches.length > 0 && matches.every((m) => m.startsWith(wanted.get(id)!.replace(/\*$/, '')));
    const matching =
      scripts.length === wanted.size && scripts.every((s) => wanted.has(s.id) && onHost(s.id, s.matches));
    if (matching) return;
    if (Date.now() > deadline) {
      const want = [...wanted.keys()].join(', ') || 'none';
      throw new Error(
        `the background did not register the content scripts in time: want ${want}, have ${scripts.map((s) => s.id).join(', ') || 'none'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends a message to the background from an extension page, in the messaging library's envelope. */
export async function askBackground<S extends z.ZodType>(
  page: Page,
  schema: S,
  type: string,
  data?: unknown,
): Promise<z.output<S>> {
  const answer = await page.evaluate(
    ([t, d]) => chrome.runtime.sendMessage({ id: 1, type: t, data: d, timestamp: Date.now() }),
    [type, data] as const,
  );
  return schema.parse(z.object({ res: z.unknown() }).parse(answer).res);
}

/** Waits until the background has ingested Cardea's document of `timestamp` and is idle; its status then. */
export async function waitForIngest(page: Page, timestamp: string, timeoutMs: number): Promise<PipelineStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await askBackground(page, PipelineStatus, 'getPipelineStatus');
    if (status.documentTimestamp === timestamp && status.state === 'idle') return status;
    if (status.failure) throw new Error(`the background's ingest failed: ${JSON.stringify(status.failure)}`);
    if (Date.now() > deadline)
      throw new Error(`the background did not ingest Cardea's document of ${timestamp} in time`);
    await page.waitForTimeout(200);
  }
}
