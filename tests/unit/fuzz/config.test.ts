// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../scripts/keeper/config';
import { loadServerConfig } from '../../../server/config';
import { asJson, asyncOutcomeOf, expectUnpolluted, nearValid, type Path } from './harness';
import { fcOptions } from './seed';

// The keeper's and the Bao server's config files: whatever a file holds, the process gets a config or a
// ConfigError naming the file and the broken field, never a stack trace from deep inside.

const dir = mkdtempSync(path.join(tmpdir(), 'bao-fuzz-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = { BAO_JIRA_TOKEN: 'token' };
let n = 0;
function fileWith(text: string): string {
  const file = path.join(dir, `config-${n++}.json`);
  writeFileSync(file, text);
  return file;
}

const jira = {
  url: 'https://jira.lab.org/jira',
  flavour: 'cloud',
  project: 'GLT',
  label: 'dimsum',
  tokenEnv: 'BAO_JIRA_TOKEN',
  email: 'qc@lab.org',
  transitions: { close: 'Close', reopen: 'Reopen' },
};
const keeper = {
  cardeaUrl: 'https://cardea.lab.org',
  misoUrl: 'https://miso.lab.org/miso',
  jira,
  stateFile: 'keeper-state.json',
  intervalSeconds: 60,
};
const server = {
  cardeaUrl: 'https://cardea.lab.org',
  publishDir: 'snapshots',
  port: 8080,
  pollSeconds: 60,
  misoUrl: 'https://miso.lab.org/miso',
  jira,
};

const loaders = [
  ['the keeper config', (file: string) => loadConfig(file, ENV), keeper],
  ['the Bao server config', (file: string) => loadServerConfig(file, ENV), server],
] as const;

/** Every line names the file; for a broken field, some line names it (or a field around or inside it). */
function expectConfigOutcome(outcome: { value: unknown } | { error: unknown }, file: string, broken?: Path) {
  if ('value' in outcome) return expectUnpolluted(outcome.value);
  const { error } = outcome;
  if (!(error instanceof ConfigError)) throw new Error(`not a ConfigError: ${String(error)}`, { cause: error });
  const lines = error.message.split('\n');
  for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
  if (!broken || broken.length === 0) return;
  const prefixes = broken.map((_, i) => broken.slice(0, i + 1).join('.'));
  const named = lines.some((line) => prefixes.some((p) => line.startsWith(`${file}: ${p}`)));
  if (!named) throw new Error(`no line names ${broken.join('.')}: ${error.message}`);
}

test.each(loaders)('%s: any text or JSON is a config or a ConfigError naming the file', async (_name, load) => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue().map(asJson)), async (text) => {
      const file = fileWith(text);
      expectConfigOutcome(await asyncOutcomeOf(() => load(file)), file);
    }),
    fcOptions(100),
  );
});

test.each(loaders)('%s: one broken field is refused naming it, or read', async (_name, load, sample) => {
  await fc.assert(
    fc.asyncProperty(nearValid(sample), async ({ value, path: broken }) => {
      const file = fileWith(asJson(value));
      expectConfigOutcome(await asyncOutcomeOf(() => load(file)), file, broken);
    }),
    fcOptions(150),
  );
});
