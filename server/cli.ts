import { ConfigError } from '../scripts/keeper/config';
import { loadServerConfig } from './config';
import { startBaoServer } from './server';

const USAGE = `Usage: bao-server --config FILE [--once]

Publishes Cardea's data as static snapshot files for Bao in every browser, runs the ticket keeper, and
(with "port" in the config) serves the snapshot.
  --config FILE   the JSON configuration (cardeaUrl, publishDir, port, pollSeconds, misoUrl, jira, …)
  --once          poll Cardea once, publish if it has new data, and exit (0 = the snapshot is up to date)`;

export class UsageError extends Error {}

export function parseServerArgs(argv: readonly string[]): { config: string; once: boolean } | 'help' {
  let config: string | undefined;
  let once = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--once') once = true;
    else if (arg === '--config' || arg.startsWith('--config=')) {
      config = arg.includes('=') ? arg.slice('--config='.length) : argv[++i];
      if (!config || config.startsWith('--')) throw new UsageError('--config needs a file');
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!config) throw new UsageError('--config FILE is required');
  return { config, once };
}

const stamp = () => new Date().toISOString();

/** The command: resolves with the exit code (0 ok, 1 Cardea or the publish failed, 2 bad usage or config). */
export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseServerArgs>;
  try {
    args = parseServerArgs(argv);
  } catch (error) {
    console.error(`bao-server: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    const config = await loadServerConfig(args.config);
    let failed = false;
    const log = (line: string) => {
      if (/failed|could not|did not|not valid|does not understand|error/i.test(line)) failed = true;
      console.log(`${stamp()} ${line}`);
    };
    const server = await startBaoServer({
      ...config,
      log,
      poll: !args.once,
      port: args.once ? undefined : config.port,
    });
    if (args.once) {
      await server.pollNow();
      await server.stop();
      return failed ? 1 : 0;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    log('stopping');
    await server.stop();
    return 0;
  } catch (error) {
    console.error(`bao-server: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof ConfigError ? 2 : 1;
  }
}
