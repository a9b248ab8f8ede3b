// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SnapshotIndex } from '../../../lib/snapshot/schema';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { startBaoServer } from '../../../server/server';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ etlDelayMs: 10 });
  dir = await mkdtemp(path.join(tmpdir(), 'bao-server-keeper-'));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the keeper runs on the same ingest: index.json carries every ticket, and notifications follow the open tickets', async () => {
  const before = sandbox.jira.issues().length;
  const server = await startBaoServer({
    cardeaUrl: sandbox.urls.cardea,
    misoUrl: sandbox.urls.miso,
    publishDir: path.join(dir, 'published'),
    jira: { url: sandbox.urls.jira, flavour: 'datacenter', project: 'GLT', token: 'sandbox-pat-qc-bot' },
    stateFile: path.join(dir, 'keeper-state.json'),
    poll: false,
    log: () => undefined,
  });
  try {
    await server.pollNow();
    const index = SnapshotIndex.parse(
      JSON.parse(await readFile(path.join(dir, 'published', 'current', 'index.json'), 'utf8')),
    );
    const created = sandbox.jira.issues().slice(before);
    expect(created.length).toBeGreaterThan(0);
    expect(index.keeper).toMatchObject({ failure: null, lastSyncAt: expect.any(String) });
    const ticketKeys = index.runs.flatMap((r) => (r.ticket?.issueKey ? [r.ticket.issueKey] : []));
    expect(ticketKeys).toEqual(expect.arrayContaining(created.map((issue) => issue.key)));
    // The PAUSED rule (when a run with an open ticket is due) is worked out with the server's own tickets.
    for (const run of index.runs) {
      if (!run.notification) continue;
      expect(run.notification.withOpenTicket).toBe(run.ticket?.issueState === 'OPEN');
    }
    expect(index.runs.some((r) => r.notification?.withOpenTicket)).toBe(true);
  } finally {
    await server.stop();
  }
});
