import { parseArgs } from 'node:util';
import type { JiraOptions } from './jira/state';
import { startSandbox, type SandboxOptions } from './server';

// `npm run sandbox -- [--seed 42] [--runs 12] [--lanes 4] [--libraries-per-lane 6] [--cases 40]
//   [--data FILE] [--no-seed-tickets] [--etl-delay-ms 5000] [--cardea-loading-ms 5000] [--port-base 7101]
//   [--jira-flavour datacenter|cloud]`
// Starts the four stand-ins and prints their URLs, logins and keys.

const HELP = `Usage: npm run sandbox -- [options]
  --seed N                 generator seed (default 42)
  --runs N                 runs to generate (default 12)
  --lanes N                cap on lanes per run
  --libraries-per-lane N   run-libraries per lane (default 6)
  --cases N                cases (default 40)
  --data FILE              serve this Cardea /dimsum document instead of generating one
  --no-seed-tickets        start with an empty Jira: no tickets for the document's runs
  --etl-delay-ms N         ETL lag: MISO/Nabu writes reach Cardea after N ms (default 5000)
  --cardea-loading-ms N    Cardea has not loaded its data for N ms after start: /timestamp is an
                           empty 200, as after a real restart (default 5000; 0 = loaded at once)
  --port-base N            Cardea on N, MISO N+1, Jira N+2, Nabu N+3 (default 7101; 0 = free ports)
  --jira-flavour F         datacenter (default) or cloud`;

export function sandboxOptionsFromArgs(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      lanes: { type: 'string' },
      'libraries-per-lane': { type: 'string' },
      cases: { type: 'string' },
      data: { type: 'string' },
      'no-seed-tickets': { type: 'boolean' },
      'etl-delay-ms': { type: 'string' },
      'cardea-loading-ms': { type: 'string' },
      'port-base': { type: 'string' },
      'jira-flavour': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, not "${value}"`);
    return Number(value);
  };
  const base = int('port-base', values['port-base']) ?? 7101;
  const flavour = values['jira-flavour'];
  if (flavour !== undefined && flavour !== 'datacenter' && flavour !== 'cloud')
    throw new Error('--jira-flavour must be datacenter or cloud');
  const jira: Partial<JiraOptions> = {};
  if (flavour) jira.flavour = flavour;
  // A person trying the keeper on their own document wants Jira as empty as theirs would start.
  if (values['no-seed-tickets']) jira.seedTickets = false;
  const generator = Object.fromEntries(
    Object.entries({
      seed: int('seed', values.seed),
      runs: int('runs', values.runs),
      lanes: int('lanes', values.lanes),
      librariesPerLane: int('libraries-per-lane', values['libraries-per-lane']),
      cases: int('cases', values.cases),
    }).filter(([, v]) => v !== undefined),
  );
  return {
    generator,
    dataFile: values.data,
    etlDelayMs: int('etl-delay-ms', values['etl-delay-ms']) ?? 5000,
    cardeaLoadingMs: int('cardea-loading-ms', values['cardea-loading-ms']) ?? 5000,
    ports: base === 0 ? {} : { cardea: base, miso: base + 1, jira: base + 2, nabu: base + 3 },
    jira: Object.keys(jira).length > 0 ? jira : undefined,
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(sandboxOptionsFromArgs(process.argv.slice(2)));
  const runs = new Set(
    sandbox.world.caseData.cases.flatMap((c) =>
      (c.tests ?? []).flatMap((t) =>
        [...(t.libraryQualifications ?? []), ...(t.fullDepthSequencings ?? [])].map((s) => s.run?.name),
      ),
    ),
  ).size;
  console.log(`Bao sandbox: ${sandbox.world.caseData.cases.length} cases, ${runs} runs, timestamp ${sandbox.world.timestamp}
  Cardea  ${sandbox.urls.cardea}   (/timestamp, /dimsum; POST /__sandbox/cardea/restart to unload it)
  MISO    ${sandbox.urls.miso}   (log in: admin/admin, reviewer/reviewer, tech/tech)
  Jira    ${sandbox.urls.jira}   (log in: tess/tess; tokens: Bearer sandbox-pat-tess, sandbox-pat-qc-bot)
  Nabu    ${sandbox.urls.nabu}   (X-API-KEY: ${sandbox.nabu.apiKey})
Faults: POST {url}/__sandbox/faults {"path":"/dimsum","status":500}; DELETE to clear. Ctrl-C stops.`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
