import type { CaseDataInput } from '../../../lib/cardea/schema';
import { createNabuApp } from '../../../sandbox/nabu/app';
import { NabuState } from '../../../sandbox/nabu/state';
import { serveSystem } from '../../../sandbox/server';
import { World } from '../../../sandbox/world';

/** The sandbox Nabu on a free port, with the world's fault injection in front, as the sandbox serves it. */
export interface SandboxNabu {
  url: string;
  world: World;
  nabu: NabuState;
  close(): Promise<void>;
}

export async function startSandboxNabu(caseData?: CaseDataInput): Promise<SandboxNabu> {
  const world = new World(caseData ?? { assaysById: {}, timestamp: '2026-11-24T09:00:00Z', cases: [] }, {
    etlDelayMs: 1,
  });
  const nabu = new NabuState(world);
  const { url, close } = await serveSystem('nabu', world, createNabuApp(world, nabu));
  return { url, world, nabu, close };
}
