import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { JiraClientConfig } from '../../lib/jira/client';
import { DEFAULT_RESOLUTIONS, type KeeperRules } from '../../lib/keeper/engine';
import { DEFAULT_TRANSITIONS, type TransitionNames } from '../../lib/keeper/sync';

// The Node command's configuration: one JSON file, validated with zod, every error naming its
// field. The token is in the file or, better, in an environment variable the file names.

export const httpUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^/\s]+(\/\S*)?$/, 'must be an http:// or https:// address')
  .transform((v) => v.replace(/\/+$/, ''));

export const JiraConfig = z
  .strictObject({
    url: httpUrl,
    flavour: z.enum(['datacenter', 'cloud']).default('datacenter'),
    project: z
      .string()
      .trim()
      .regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as GLT'),
    label: z.string().trim().regex(/^\S*$/, 'must not contain spaces').default('dimsum-notification'),
    summarySuffix: z.string().min(1, 'must not be empty').default(' Dimsum Run QC'),
    /** A Data Center personal access token, or a Cloud API token. Prefer `tokenEnv`. */
    token: z.string().trim().min(1, 'must not be empty').optional(),
    /** The environment variable that holds the token. */
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    /** Cloud: the email address of the account the API token belongs to. */
    email: z.string().trim().min(3, 'must be an email address').optional(),
    transitions: z.strictObject({ close: z.string().min(1), reopen: z.string().min(1) }).default(DEFAULT_TRANSITIONS),
    resolutions: z
      .strictObject({
        done: z.string().min(1),
        paused: z.string().min(1),
        override: z.string().min(1),
        duplicate: z.string().min(1),
      })
      .default(DEFAULT_RESOLUTIONS),
  })
  .superRefine((jira, ctx) => {
    if ((jira.token === undefined) === (jira.tokenEnv === undefined)) {
      const message = 'give either "token" or "tokenEnv" (the name of an environment variable)';
      ctx.addIssue({ code: 'custom', path: ['token'], message });
    }
    if (jira.flavour === 'cloud' && !jira.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'is required for Jira Cloud (Basic auth is email:API token)',
      });
    }
  });

export const KeeperConfigFile = z.strictObject({
  cardeaUrl: httpUrl,
  /** Ticket texts link to `{misoUrl}/run/alias/{run}`. */
  misoUrl: httpUrl,
  jira: JiraConfig,
  /** Where the keeper keeps its records; relative to the config file. */
  stateFile: z.string().trim().min(1, 'must name a file'),
  /** How often `/timestamp` is checked when not `--once`. */
  intervalSeconds: z
    .number()
    .int('must be a whole number')
    .min(5, 'must be at least 5')
    .max(86_400, 'must be at most a day')
    .default(60),
});
export type KeeperConfigFile = z.input<typeof KeeperConfigFile>;

export interface KeeperConfig {
  cardeaUrl: string;
  client: JiraClientConfig;
  rules: KeeperRules;
  transitions: TransitionNames;
  stateFile: string;
  intervalSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const fieldOf = (issue: { path: readonly PropertyKey[] }) => issue.path.map(String).join('.') || '(root)';

/** The value at `path` in the parsed JSON, or undefined when some part of the path is absent. */
function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

/** One line per problem. A field left out says so, rather than zod's "expected string, received undefined". */
function problemOf(file: string, issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === 'invalid_type' && valueAt(json, issue.path) === undefined)
    return `${file}: ${fieldOf(issue)} is required`;
  return `${file}: ${fieldOf(issue)}: ${issue.message}`;
}

/** Reads and checks the config; every problem is a ConfigError naming the file and the field. */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<KeeperConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read the config (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = KeeperConfigFile.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => problemOf(file, issue, json)).join('\n'));
  }
  const { jira, cardeaUrl, misoUrl, stateFile, intervalSeconds } = parsed.data;
  const token = jira.token ?? env[jira.tokenEnv ?? '']?.trim();
  if (!token) throw new ConfigError(`${file}: jira.tokenEnv: the environment variable ${jira.tokenEnv} is not set`);
  return {
    cardeaUrl,
    client: {
      baseUrl: jira.url,
      flavour: jira.flavour,
      project: jira.project,
      label: jira.label,
      token,
      email: jira.email,
    },
    rules: { summarySuffix: jira.summarySuffix, misoUrl, resolutions: jira.resolutions },
    transitions: jira.transitions,
    stateFile: path.resolve(path.dirname(file), stateFile),
    intervalSeconds,
  };
}
