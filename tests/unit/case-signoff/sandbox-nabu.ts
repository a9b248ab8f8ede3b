import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { faultMiddleware } from '../../../sandbox/faults';
import { createNabuApp } from '../../../sandbox/nabu/app';
import { NabuState } from '../../../sandbox/nabu/state';
import { World } from '../../../sandbox/world';

/** The sandbox Nabu on a free port, with the world's fault injection in front, as the sandbox serves it. */
export interface SandboxNabu {
  url: string;
  world: World;
  nabu: NabuState;
  close(): Promise<void>;
}

export async function startSandboxNabu(caseData?: CaseDataInput): Promise<SandboxNabu> {
  const world = new World(caseData ?? { assaysById: {}, timestamp: '2026-11-24T09:00:00Z', cases: [] }, { etlDelayMs: 1 });
  const nabu = new NabuState(world);
  const app = express();
  app.use(faultMiddleware(world.faults, 'nabu'));
  app.use(createNabuApp(world, nabu));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    world,
    nabu,
    close: async () => {
      await world.etlSettled();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
