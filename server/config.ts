import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, httpUrl, JiraConfig } from '../scripts/keeper/config';
import type { BaoServerConfig } from './api';

// bao-server's configuration file: one JSON object, validated with zod, every error naming its field.
// Relative paths are taken from the config file's folder. The Jira part is bao-keeper's, unchanged.

export const ServerConfigFile = z
  .strictObject({
    cardeaUrl: httpUrl,
    /** Where snapshots are published; `{publishDir}/current` is what a web server serves. */
    publishDir: z.string().trim().min(1, 'must name a folder'),
    /** Serve the snapshot on this port; leave out when a web server (nginx) serves the folder. */
    port: z.number().int('must be a whole number').min(0).max(65_535, 'must be a port number').optional(),
    host: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
    pollSeconds: z
      .number()
      .int('must be a whole number')
      .min(5, 'must be at least 5')
      .max(86_400, 'must be at most a day')
      .default(60),
    pruneAfterSeconds: z.number().int('must be a whole number').min(0, 'must not be negative').default(600),
    misoUrl: httpUrl.optional(),
    jira: JiraConfig.optional(),
    stateFile: z.string().trim().min(1, 'must name a file').optional(),
  })
  .superRefine((config, ctx) => {
    if (config.jira && !config.misoUrl)
      ctx.addIssue({ code: 'custom', path: ['misoUrl'], message: 'is required with jira (tickets link to MISO runs)' });
  });
export type ServerConfigFile = z.input<typeof ServerConfigFile>;

const fieldOf = (issue: { path: readonly PropertyKey[] }) => issue.path.map(String).join('.') || '(root)';

/** Reads and checks the config; every problem is a ConfigError naming the file and the field. */
export async function loadServerConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<BaoServerConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read the config (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = ServerConfigFile.safeParse(json, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (!parsed.success) {
    const line = (issue: z.core.$ZodIssue) =>
      `${file}: ${fieldOf(issue)}${issue.message.startsWith('is ') ? ' ' : ': '}${issue.message}`;
    throw new ConfigError(parsed.error.issues.map(line).join('\n'));
  }
  const { jira, stateFile, publishDir, ...rest } = parsed.data;
  const here = path.dirname(file);
  if (jira?.tokenEnv && !env[jira.tokenEnv]?.trim()) {
    throw new ConfigError(`${file}: jira.tokenEnv: the environment variable ${jira.tokenEnv} is not set`);
  }
  return {
    ...rest,
    publishDir: path.resolve(here, publishDir),
    stateFile: stateFile === undefined ? undefined : path.resolve(here, stateFile),
    jira: jira && { ...jira, token: jira.token ?? env[jira.tokenEnv ?? '']?.trim() },
  };
}
