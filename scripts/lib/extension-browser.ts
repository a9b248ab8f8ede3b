import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Launching Debian's Chromium with the built extension, and talking to it, for the e2e fixture,
// `npm start` and the benchmarks (the recipe verified in toolchain.md).

export const EXTENSION_PATH = path.resolve(process.env.EXTENSION_PATH ?? '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the extension cannot be loaded against the sandbox, or undefined when it can. */
export function buildProblem(): string | undefined {
  const manifestFile = path.join(EXTENSION_PATH, 'manifest.json');
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`;
  if (!existsSync(manifestFile)) return `no built extension at ${EXTENSION_PATH}: run \`npm run build:sandbox-hosts\``;
  const manifest = z.object({ host_permissions: z.array(z.string()).default([]) }).parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!manifest.host_permissions.includes('http://127.0.0.1/*')) {
    return 'the built extension does not grant the sandbox hosts: build it with `npm run build:sandbox-hosts`';
  }
  return undefined;
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

export async function launchWithExtension(options: { headless?: boolean; userDataDir?: string } = {}): Promise<BrowserContext> {
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

/**
 * Stores settings and secrets as the options page would, then waits until the background has
 * registered the content scripts for the configured hosts (pages opened earlier would miss them).
 */
export async function configureExtension(
  background: Worker,
  settings: Record<string, unknown>,
  secrets: Record<string, string>,
  { timeoutMs = 15_000 } = {},
): Promise<void> {
  await background.evaluate(async ([s, k]) => chrome.storage.local.set({ settings: s, secrets: k }), [settings, secrets] as const);
  const features = { jiraOverlay: true, misoOverlay: true, ...(settings.features as object | undefined) };
  const wanted = [features.jiraOverlay && settings.jiraUrl && 'bao-jira', settings.misoUrl && 'bao-miso'].filter(Boolean);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scripts = await background.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    if (wanted.every((id) => scripts.some((s) => s.id === id))) return;
    if (Date.now() > deadline) throw new Error(`the background did not register ${wanted.join(', ')} in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends a message to the background from an extension page, in the messaging library's envelope. */
export async function askBackground<S extends z.ZodType>(page: Page, schema: S, type: string, data?: unknown): Promise<z.output<S>> {
  const answer = await page.evaluate(
    ([t, d]) => chrome.runtime.sendMessage({ id: 1, type: t, data: d, timestamp: Date.now() }),
    [type, data] as const,
  );
  return schema.parse(z.object({ res: z.unknown() }).parse(answer).res);
}
