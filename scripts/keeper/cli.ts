import { ConfigError, loadConfig } from './config';
import { runKeeper } from './run';

const USAGE = `Usage: bao-keeper --config FILE [--once] [--interval SECONDS]

Keeps one Jira ticket per sequencing run up to date from Cardea's data (Bao's ticket keeper).
  --config FILE         the JSON configuration (Cardea, MISO and Jira URLs, project, token or tokenEnv, stateFile)
  --once                check Cardea once, sync if it has new data, and exit (0 = ok)
  --interval SECONDS    how often to check Cardea (default: the config's intervalSeconds, else 60)`;

export interface CliArgs {
  config: string;
  once: boolean;
  interval?: number;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  let config: string | undefined;
  let once = false;
  let interval: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--config') config = value();
    else if (flag === '--once') once = true;
    else if (flag === '--interval') {
      const v = value();
      interval = Number(v);
      if (!Number.isInteger(interval) || interval < 5) {
        throw new UsageError(`--interval must be a whole number of seconds, at least 5 (got ${v})`);
      }
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!config) throw new UsageError('--config FILE is required');
  return { config, once, interval };
}

const stamp = () => new Date().toISOString();

/** The command: resolves with the exit code (0 ok, 1 the sync or Cardea failed, 2 bad usage or config). */
export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bao-keeper: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    const config = await loadConfig(args.config);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await runKeeper(config, {
        once: args.once,
        intervalSeconds: args.interval,
        signal: controller.signal,
        log: (line) => console.log(`${stamp()} ${line}`),
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  } catch (error) {
    console.error(`bao-keeper: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof ConfigError ? 2 : 1;
  }
}
