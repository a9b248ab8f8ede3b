// The programmatic face of `bao-server`, for the CLI, e2e tests, `npm start -- --server` and the bench.
// Implemented in ./server.ts.

export interface BaoServerConfig {
  cardeaUrl: string;
  /** Where snapshots are published; `{dir}/current` is what a web server serves (a symlink switched atomically). */
  publishDir: string;
  /** Port for the built-in static server (0: any free port); omit to publish without serving. */
  port?: number;
  host?: string;
  pollSeconds?: number;
  /** Old generations are removed this long after they stopped being current. */
  pruneAfterSeconds?: number;
  /** MISO's base URL, for the keeper's ticket text. */
  misoUrl?: string;
  /** The ticket keeper, as in bao-keeper's config; omitted: no keeper. */
  jira?: {
    url: string;
    flavour: 'datacenter' | 'cloud';
    project: string;
    token?: string;
    tokenEnv?: string;
    email?: string;
    /** As in bao-keeper's config; defaults as there. */
    label?: string;
    summarySuffix?: string;
    transitions?: { close: string; reopen: string };
    resolutions?: { done: string; paused: string; override: string; duplicate: string };
  };
  /** The keeper's records; default `{publishDir}/keeper-state.json`. */
  stateFile?: string;
  /** false: no poll timer, Cardea is polled only by `pollNow()` (tests, the bench). Default true. */
  poll?: boolean;
  /** One line per poll and publish; default: stdout with a time stamp. */
  log?: (line: string) => void;
}

export interface BaoServer {
  /** The static server's base URL (`http://host:port`), serving `{publishDir}/current`; undefined when not serving. */
  url: string | undefined;
  /** Polls Cardea once now (publishing when `/timestamp` moved) and resolves when that is over. */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}
