import express, { type Express } from 'express';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseDataInput } from '../lib/cardea/schema';
import { createCardeaApp } from './cardea/app';
import { generateCaseData, type GeneratorOptions } from './cardea/generator';
import { CardeaLoading } from './cardea/loading';
import { FaultRule, faultMiddleware, SystemId } from './faults';
import { createJiraApp } from './jira/app';
import { JiraState, type JiraOptions } from './jira/state';
import { createMisoApp } from './miso/app';
import { MisoState, type MisoOptions } from './miso/state';
import { createNabuApp } from './nabu/app';
import { NabuState } from './nabu/state';
import { World } from './world';

export interface SandboxOptions {
  generator?: Partial<GeneratorOptions>;
  /** Serve this document (Cardea's `/dimsum` shape) instead of generating one; the sandbox changes it in place. */
  caseData?: CaseDataInput;
  /** Serve this dataset file (Cardea's `/dimsum` shape) instead of generating one. */
  dataFile?: string;
  /** The ETL lag: how long a MISO or Nabu write takes to show up in Cardea. */
  etlDelayMs?: number;
  /** How long after start Cardea has not loaded its data yet (empty `/timestamp`); 0, the default, loads at once. */
  cardeaLoadingMs?: number;
  /** 0 (the default) picks a free port. */
  ports?: Partial<Record<SystemId, number>>;
  miso?: Partial<MisoOptions>;
  jira?: Partial<JiraOptions>;
}

export interface Sandbox {
  /** Base URLs. MISO is on `localhost`, the rest on `127.0.0.1`: different sites, as in a real lab. */
  urls: Record<SystemId, string>;
  world: World;
  /** Cardea's start-up state: `restart()` puts it back to "not loaded yet". */
  cardea: CardeaLoading;
  miso: MisoState;
  jira: JiraState;
  nabu: NabuState;
  close(): Promise<void>;
}

export const DEFAULT_GENERATOR: GeneratorOptions = { seed: 42, runs: 12, librariesPerLane: 6, cases: 40 };

const HOSTS: Record<SystemId, string> = {
  cardea: '127.0.0.1',
  miso: 'localhost',
  jira: '127.0.0.1',
  nabu: '127.0.0.1',
};

async function loadDataset(options: SandboxOptions): Promise<CaseDataInput> {
  if (options.caseData) return options.caseData;
  if (!options.dataFile) return generateCaseData({ ...DEFAULT_GENERATOR, ...options.generator });
  const raw: unknown = JSON.parse(await readFile(options.dataFile, 'utf8'));
  // Only the outline: the sandbox serves the file as it is, and reading it closely is Bao's job, not the stand-in's.
  const problem = documentOutlineProblem(raw);
  if (problem) throw new Error(`${options.dataFile} is not a Cardea /dimsum document: ${problem}`);
  return raw as CaseDataInput;
}

function documentOutlineProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const { assaysById, cases } = raw as Record<string, unknown>;
  if (typeof assaysById !== 'object' || assaysById === null || Array.isArray(assaysById))
    return 'assaysById: not an object';
  if (!Array.isArray(cases)) return 'cases: not a list';
  return undefined;
}

/** `/__sandbox/*` on every system: fault injection and waiting for the ETL. */
function controlRoutes(app: Express, world: World, system: SystemId): void {
  app.get('/__sandbox/faults', (_req, res) => void res.json(world.faults.list()));
  app.post('/__sandbox/faults', express.json(), (req, res) => {
    const parsed = FaultRule.safeParse({ system, ...req.body });
    if (!parsed.success) return void res.status(400).json({ errors: parsed.error.issues.map((i) => i.message) });
    world.faults.add(parsed.data);
    res.status(201).json(parsed.data);
  });
  app.delete('/__sandbox/faults', (_req, res) => {
    world.faults.clear(system);
    res.status(204).end();
  });
  app.get('/__sandbox/etl-settled', async (_req, res) => {
    await world.etlSettled();
    res.json({ timestamp: world.timestamp });
  });
}

function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

export interface ServedSystem {
  /** The base URL, on the system's own host (MISO on `localhost`, the rest on `127.0.0.1`). */
  url: string;
  server: Server;
  /** Stops listening, drops open connections, and lands any ETL update still waiting. */
  close(): Promise<void>;
}

/**
 * Serves one system's app on `port` (0: a free one) as the sandbox does: the `/__sandbox` control
 * routes and the world's fault injection in front of it.
 */
export async function serveSystem(system: SystemId, world: World, app: Express, port = 0): Promise<ServedSystem> {
  const outer = express();
  outer.disable('x-powered-by');
  controlRoutes(outer, world, system);
  outer.use(faultMiddleware(world.faults, system));
  outer.use(app);
  const server = await listen(outer, port);
  return {
    url: `http://${HOSTS[system]}:${(server.address() as AddressInfo).port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      world.flushEtl();
    },
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const world = new World(await loadDataset(options), { etlDelayMs: options.etlDelayMs ?? 2000 });
  const miso = new MisoState(world, options.miso);
  const jira = new JiraState(world, options.jira);
  const nabu = new NabuState(world);
  const cardea = new CardeaLoading(options.cardeaLoadingMs ?? 0);
  const apps: Record<SystemId, Express> = {
    cardea: createCardeaApp(world, cardea),
    miso: createMisoApp(world, miso),
    jira: createJiraApp(world, jira),
    nabu: createNabuApp(world, nabu),
  };
  const served: ServedSystem[] = [];
  const urls = {} as Record<SystemId, string>;
  try {
    for (const system of SystemId.options) {
      const one = await serveSystem(system, world, apps[system], options.ports?.[system] ?? 0);
      served.push(one);
      urls[system] = one.url;
    }
  } catch (error) {
    // A busy port: give back the ones already taken, so the caller can try other ports.
    await Promise.all(served.map((s) => s.close()));
    throw error;
  }
  miso.setBaseUrl(urls.miso);
  jira.setBaseUrl(urls.jira);
  return {
    urls,
    world,
    cardea,
    miso,
    jira,
    nabu,
    close: async () => {
      await Promise.all(served.map((s) => s.close()));
    },
  };
}
