// @vitest-environment node
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { sandboxOptionsFromArgs } from '../../../sandbox/main';
import { startSandbox, type Sandbox } from '../../../sandbox/server';

// `npm run sandbox -- …` as a person types it: the options it parses, and the sandbox they start.

let dir: string | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function documentFile(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'bao-sandbox-'));
  const file = join(dir, 'dimsum.json');
  await writeFile(file, JSON.stringify(generateCaseData({ seed: 5, runs: 4, librariesPerLane: 3, cases: 6 })));
  return file;
}

/** Every ticket in the sandbox Jira's project, as the keeper's bot would search for them. */
async function tickets(s: Sandbox): Promise<string[]> {
  const jql = encodeURIComponent(`project = ${s.jira.project.key}`);
  const response = await fetch(`${s.urls.jira}/rest/api/2/search?jql=${jql}&maxResults=1000`, {
    headers: { Authorization: 'Bearer sandbox-pat-qc-bot' },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { issues: { key: string }[] };
  return body.issues.map((issue) => issue.key);
}

const start = async (argv: string[]) => {
  sandbox = await startSandbox({ ...sandboxOptionsFromArgs([...argv, '--port-base', '0']), cardeaLoadingMs: 0 });
  return sandbox;
};

describe('npm run sandbox -- --data FILE', () => {
  it('seeds Jira tickets for the document’s runs by default', async () => {
    expect(await tickets(await start(['--data', await documentFile()]))).not.toEqual([]);
  });

  it('--no-seed-tickets starts with an empty Jira, for trying the keeper on one’s own data', async () => {
    const s = await start(['--data', await documentFile(), '--no-seed-tickets']);
    expect(await tickets(s)).toEqual([]);
    expect(s.jira.seeded).toEqual({});
  });

  it('--no-seed-tickets keeps --jira-flavour', () => {
    expect(sandboxOptionsFromArgs(['--no-seed-tickets', '--jira-flavour', 'cloud']).jira).toEqual({
      flavour: 'cloud',
      seedTickets: false,
    });
  });
});

describe('Cardea’s loading window', () => {
  it('is on for a person’s sandbox (as after a real start) and can be set or turned off', () => {
    expect(sandboxOptionsFromArgs([]).cardeaLoadingMs).toBeGreaterThan(0);
    expect(sandboxOptionsFromArgs(['--cardea-loading-ms', '0']).cardeaLoadingMs).toBe(0);
    expect(sandboxOptionsFromArgs(['--cardea-loading-ms', '1500']).cardeaLoadingMs).toBe(1500);
  });
});
