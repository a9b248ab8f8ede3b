import path from 'node:path';
import type { Sandbox } from '../../sandbox/server';
import { startBaoServer, type BaoServer, type BaoServerConfig } from '../../server/server';

/** A Bao server in this process reading the sandbox's Cardea into `publishDir`, with its first poll done. */
export async function startSandboxServer(
  sandbox: Sandbox,
  publishDir: string,
  config: Partial<BaoServerConfig> = {},
): Promise<BaoServer> {
  const server = await startBaoServer({
    cardeaUrl: sandbox.urls.cardea,
    publishDir,
    host: '127.0.0.1',
    port: 0,
    poll: false,
    log: () => undefined,
    ...config,
  });
  await server.pollNow();
  return server;
}

/** A server whose keeper files tickets in the sandbox's Jira (project GLT, the QC bot's token), its state in `dir`. */
export function startKeeperServer(sandbox: Sandbox, dir: string): Promise<BaoServer> {
  return startSandboxServer(sandbox, path.join(dir, 'snapshots'), {
    stateFile: keeperStateFile(dir),
    misoUrl: sandbox.urls.miso,
    jira: { url: sandbox.urls.jira, flavour: 'datacenter', project: 'GLT', token: 'sandbox-pat-qc-bot' },
  });
}

export const keeperStateFile = (dir: string) => path.join(dir, 'keeper-state.json');
