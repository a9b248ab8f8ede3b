import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { startBaoServer, type BaoServer } from '../server/server';
import {
  backgroundOf,
  configureExtension,
  launchWithExtension,
  loginToSandbox,
  sandboxSecrets,
  sandboxSettings,
} from './lib/extension-browser';

// `npm start`: build the extension, start the sandbox with a demo dataset, and open Chromium with
// the extension on a sandbox Jira run ticket. Without a display (or with --headless) it saves
// screenshots of the Jira ticket, the MISO run page and the popup, prints their paths, and keeps
// the sandbox running for curl/browsing until Ctrl-C (--once exits after the screenshots).
// --server: a Bao server reads the sandbox's Cardea (and keeps the tickets), and the extension reads the server.

const { values: args } = parseArgs({
  options: {
    headless: { type: 'boolean' },
    once: { type: 'boolean' },
    'skip-build': { type: 'boolean' },
    server: { type: 'boolean' },
  },
});
const headless = args.headless ?? !process.env.DISPLAY;
const SCREENSHOTS = path.resolve('screenshots');

function build(): void {
  console.log('Building the extension (with the sandbox hosts granted)…');
  const result = spawnSync('npx', ['wxt', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BAO_LOOPBACK_HOSTS: '1' },
  });
  if (result.status !== 0) throw new Error('the build failed (see above)');
}

async function startDemoSandbox(): Promise<Sandbox> {
  const ports = { cardea: 7101, miso: 7102, jira: 7103, nabu: 7104 };
  try {
    return await startSandbox({ etlDelayMs: 5000, ports });
  } catch {
    console.log('Ports 7101–7104 are busy; using free ports instead.');
    return startSandbox({ etlDelayMs: 5000 });
  }
}

/** A Bao server on the sandbox's Cardea, publishing to a temporary folder, with the ticket keeper on the sandbox's Jira. */
async function startDemoServer(sandbox: Sandbox): Promise<{ server: BaoServer; publishDir: string }> {
  const publishDir = mkdtempSync(path.join(tmpdir(), 'bao-server-demo-'));
  const config = {
    cardeaUrl: sandbox.urls.cardea,
    publishDir,
    host: '127.0.0.1',
    pollSeconds: 10,
    misoUrl: sandbox.urls.miso,
    jira: { url: sandbox.urls.jira, flavour: 'datacenter' as const, project: 'GLT', token: 'sandbox-pat-qc-bot' },
    log: (line: string) => console.log(`[bao-server] ${line}`),
  };
  try {
    return { server: await startBaoServer({ ...config, port: 7105 }), publishDir };
  } catch {
    console.log('Port 7105 is busy; the Bao server uses a free port instead.');
    return { server: await startBaoServer({ ...config, port: 0 }), publishDir };
  }
}

/** The demo ticket: the seeded open run ticket, for a run that still waits for sign-offs. */
function demoTicket(sandbox: Sandbox): { key: string; runName: string } {
  const ticket = sandbox.jira.seeded.open;
  if (!ticket) throw new Error('the sandbox Jira has no open run ticket to show');
  return ticket;
}

async function shoot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function main(): Promise<void> {
  if (!args['skip-build']) build();
  const sandbox = await startDemoSandbox();
  const demoServer = args.server ? await startDemoServer(sandbox) : undefined;
  const context = await launchWithExtension({ headless });
  const background = await backgroundOf(context);
  const extensionId = new URL(background.url()).host;
  await configureExtension(
    background,
    // The ticket keeper keeps the sandbox's run tickets up to date, as a lab would run it: in this browser, or
    // with --server in the Bao server, which the extension then reads instead of Cardea.
    sandboxSettings(
      sandbox,
      demoServer ? { pollSeconds: 10, baoServerUrl: demoServer.server.url } : { pollSeconds: 10, keeperEnabled: true },
    ),
    sandboxSecrets(sandbox, { jiraToken: 'sandbox-pat-qc-bot' }),
  );
  await loginToSandbox(context, sandbox, { jira: 'tess', miso: 'admin' });

  const { key, runName } = demoTicket(sandbox);
  const runId = sandbox.miso.runByAlias(runName)?.id;
  const jiraUrl = `${sandbox.urls.jira}/browse/${key}`;
  const misoUrl = `${sandbox.urls.miso}/run/alias/${runName}`;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(jiraUrl);
  await page.locator('[data-bao="run-table"]').waitFor({ timeout: 30_000 });

  console.log(`
Bao is running against the sandbox.
  Jira ticket    ${jiraUrl}   (logged in as tess/tess)
  MISO run page  ${misoUrl}${runId ? `  (run ${runId})` : ''}   (logged in as admin/admin)
  Popup          chrome-extension://${extensionId}/popup.html
  Options        chrome-extension://${extensionId}/options.html
  Cardea ${sandbox.urls.cardea} · Nabu ${sandbox.urls.nabu} (X-API-KEY ${sandbox.nabu.apiKey})${
    demoServer ? `\n  Bao server     ${demoServer.server.url}/index.json   (the extension reads this, not Cardea)` : ''
  }`);

  if (headless) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Give the overlay a moment to fill in from the background's first ingest.
    await page.waitForTimeout(3000);
    const shots = [await shoot(page, 'jira-ticket.png')];
    const miso = await context.newPage();
    await miso.goto(misoUrl);
    await miso.locator('[data-bao="run-table"]').waitFor({ timeout: 30_000 });
    await miso.waitForTimeout(1500);
    shots.push(await shoot(miso, 'miso-run-page.png'));
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 780, height: 600 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.waitForTimeout(1500);
    shots.push(await shoot(popup, 'popup.png'));
    console.log(`\nNo display, so here is what it looks like:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  }

  const stop = async () => {
    await context.close().catch(() => undefined);
    if (demoServer) {
      await demoServer.server.stop().catch(() => undefined);
      rmSync(demoServer.publishDir, { recursive: true, force: true });
    }
    await sandbox.close();
    process.exit(0);
  };
  if (args.once) return stop();
  console.log(
    headless ? '\nThe sandbox keeps running; Ctrl-C stops it.' : '\nClose the browser window or press Ctrl-C to stop.',
  );
  context.on('close', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
