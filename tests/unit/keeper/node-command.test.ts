// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseArgs } from '../../../scripts/keeper/cli';
import { loadConfig, type KeeperConfigFile } from '../../../scripts/keeper/config';
import { FileKeeperStore } from '../../../scripts/keeper/file-store';
import { keeperCycle, runKeeper } from '../../../scripts/keeper/run';
import { startSandbox, type Sandbox } from '../../../sandbox/server';

const run = promisify(execFile);
const BIN = path.resolve('bin/bao-keeper.mjs');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bao-keeper-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base: KeeperConfigFile = {
  cardeaUrl: 'http://127.0.0.1:1/',
  misoUrl: 'http://localhost:2',
  jira: { url: 'http://127.0.0.1:3', project: 'GLT', tokenEnv: 'BAO_TEST_JIRA_TOKEN' },
  stateFile: 'keeper-state.json',
};

async function configFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the config file', () => {
  test('fills in the defaults, takes the token from the named variable and puts the state file beside the config', async () => {
    const file = await configFile('ok.json', base);
    const config = await loadConfig(file, { BAO_TEST_JIRA_TOKEN: 'sandbox-pat-qc-bot' });
    expect(config).toEqual({
      cardeaUrl: 'http://127.0.0.1:1',
      client: {
        baseUrl: 'http://127.0.0.1:3',
        flavour: 'datacenter',
        project: 'GLT',
        label: 'dimsum-notification',
        token: 'sandbox-pat-qc-bot',
        email: undefined,
      },
      rules: {
        summarySuffix: ' Dimsum Run QC',
        misoUrl: 'http://localhost:2',
        resolutions: { done: 'Done', paused: 'Incomplete', override: "Won't Do", duplicate: 'Duplicate' },
      },
      transitions: { close: 'Close Issue', reopen: 'Reopen Issue' },
      stateFile: path.join(dir, 'keeper-state.json'),
      intervalSeconds: 60,
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ['no Jira project', { ...base, jira: { ...base.jira, project: undefined } }, /jira\.project is required$/],
    ['no Jira at all', { ...base, jira: undefined }, /: jira is required$/],
    ['no state file', { ...base, stateFile: undefined }, /: stateFile is required$/],
    [
      'a project that is a number',
      { ...base, jira: { ...base.jira, project: 7 } },
      /jira\.project: Invalid input: expected string, received number/,
    ],
    [
      'a lower-case project',
      { ...base, jira: { ...base.jira, project: 'glt' } },
      /jira\.project: must be a Jira project key such as GLT/,
    ],
    [
      'a Cardea URL that is not http',
      { ...base, cardeaUrl: 'ftp://cardea' },
      /cardeaUrl: must be an http:\/\/ or https:\/\/ address/,
    ],
    ['no MISO URL', { ...base, misoUrl: undefined }, /misoUrl is required$/],
    [
      'both token and tokenEnv',
      { ...base, jira: { ...base.jira, token: 'x' } },
      /jira\.token: give either "token" or "tokenEnv"/,
    ],
    [
      'Cloud without an email',
      { ...base, jira: { ...base.jira, flavour: 'cloud' } },
      /jira\.email: is required for Jira Cloud/,
    ],
    ['an unknown field (a typo)', { ...base, jira: { ...base.jira, labels: 'x' } }, /jira: Unrecognized key: "labels"/],
    ['an interval too short', { ...base, intervalSeconds: 1 }, /intervalSeconds: must be at least 5/],
    ['an unset token variable', base, /jira\.tokenEnv: the environment variable BAO_TEST_JIRA_TOKEN is not set/],
    ['text that is not JSON', '{ "cardeaUrl": ', /not valid JSON/],
  ];
  test.each(bad)('names the field: %s', async (_name, content, message) => {
    const file = await configFile('bad.json', content);
    await expect(loadConfig(file, {})).rejects.toThrow(message);
    await expect(loadConfig(file, {})).rejects.toThrow(file);
  });

  test('a missing file says so', async () => {
    await expect(loadConfig(path.join(dir, 'nope.json'), {})).rejects.toThrow(/cannot read the config/);
  });
});

describe('the arguments', () => {
  const rows: [string[], ReturnType<typeof parseArgs> | RegExp][] = [
    [['--config', 'k.json'], { config: 'k.json', once: false, interval: undefined }],
    [['--config=k.json', '--once', '--interval', '30'], { config: 'k.json', once: true, interval: 30 }],
    [['--help'], 'help'],
    [['--once'], /--config FILE is required/],
    [['--config', 'k.json', '--interval', '2'], /at least 5/],
    [['--config', 'k.json', '--verbose'], /unknown argument --verbose/],
  ];
  test.each(rows)('%j', (argv, expected) => {
    if (expected instanceof RegExp) expect(() => parseArgs(argv)).toThrow(expected);
    else expect(parseArgs(argv)).toEqual(expected);
  });
});

describe('against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ etlDelayMs: 10 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const sandboxConfig = (stateFile: string): KeeperConfigFile => ({
    cardeaUrl: sandbox.urls.cardea,
    misoUrl: sandbox.urls.miso,
    jira: { url: sandbox.urls.jira, project: 'GLT', tokenEnv: 'BAO_TEST_JIRA_TOKEN' },
    stateFile,
  });

  test('syncs when Cardea has new data, remembers it in the state file, and skips the same data next time', async () => {
    const file = await configFile('sandbox.json', sandboxConfig('cycle-state.json'));
    const config = await loadConfig(file, { BAO_TEST_JIRA_TOKEN: 'sandbox-pat-qc-bot' });
    const store = await FileKeeperStore.open(config.stateFile);
    const lines: string[] = [];
    const before = sandbox.jira.issues().length;
    const first = await keeperCycle(config, store, (l) => lines.push(l));
    expect(first.status).toMatchObject({ state: 'ok', documentTimestamp: sandbox.world.timestamp });
    const created = sandbox.jira.issues().slice(before);
    expect(created.length).toBeGreaterThan(0);
    expect(
      created.every((i) => i.reporter === 'qc.bot' && i.description?.includes(`${sandbox.urls.miso}/run/alias/`)),
    ).toBe(true);

    const saved = JSON.parse(await readFile(config.stateFile, 'utf8')) as {
      cardeaTimestamp: string;
      runs: Record<string, { issueKey: string }>;
    };
    expect(saved.cardeaTimestamp).toBe(sandbox.world.timestamp);
    expect(Object.values(saved.runs).map((r) => r.issueKey)).toEqual(expect.arrayContaining(created.map((i) => i.key)));

    const again = await keeperCycle(config, await FileKeeperStore.open(config.stateFile), (l) => lines.push(l));
    expect(again.status).toBeUndefined();
    expect(lines.at(-1)).toContain('already synced');
  });

  test('a Cardea that has not loaded its data (an empty 200 after a restart) is no error: nothing to sync yet', async () => {
    const file = await configFile('unloaded.json', sandboxConfig('unloaded-state.json'));
    const config = await loadConfig(file, { BAO_TEST_JIRA_TOKEN: 'sandbox-pat-qc-bot' });
    const lines: string[] = [];
    sandbox.cardea.restart();
    try {
      expect(await runKeeper(config, { once: true, log: (l) => lines.push(l) })).toBe(0);
    } finally {
      sandbox.cardea.load();
    }
    expect(lines).toEqual(['Cardea has not loaded its data yet (it may have just restarted); nothing to sync']);
  });

  test('a token Jira refuses is named as the config’s jira.token / jira.tokenEnv, not as a browser login', async () => {
    const file = await configFile('refused.json', {
      ...sandboxConfig('refused-state.json'),
      jira: { url: sandbox.urls.jira, project: 'GLT', token: 'not-a-token' },
    });
    const config = await loadConfig(file, {});
    const lines: string[] = [];
    const result = await keeperCycle(config, await FileKeeperStore.open(config.stateFile), (l) => lines.push(l));
    expect(result.status?.state).toBe('failed');
    const said = lines.join('\n');
    expect(said).toContain('Jira refused the token (HTTP 401)');
    expect(said).toContain('jira.token');
    expect(said).toContain('jira.tokenEnv');
    expect(said).not.toContain('log in again');
  });

  test('--once says what a failed sync means for a one-shot run, not "the next poll"', async () => {
    const file = await configFile('once.json', {
      ...sandboxConfig('once-state.json'),
      jira: { url: sandbox.urls.jira, project: 'GLT', token: 'not-a-token' },
    });
    const config = await loadConfig(file, {});
    const lines: string[] = [];
    expect(await runKeeper(config, { once: true, log: (l) => lines.push(l) })).toBe(1);
    const failed = lines.find((l) => l.startsWith('sync failed: '));
    expect(failed).toContain('exiting with 1; run the command again to retry');
    expect(failed).not.toContain('next poll');
  });

  test('bin/bao-keeper.mjs runs from the checkout: --once against the sandbox, and a bad config exits 2 naming the field', async () => {
    const env = { ...process.env, BAO_TEST_JIRA_TOKEN: 'sandbox-pat-qc-bot' };
    const file = await configFile('bin.json', sandboxConfig('bin-state.json'));
    const ok = await run(process.execPath, [BIN, '--config', file, '--once'], { env });
    expect(ok.stdout).toMatch(/sync done: /);

    const badFile = await configFile('bin-bad.json', {
      ...sandboxConfig('x.json'),
      jira: { url: sandbox.urls.jira, tokenEnv: 'BAO_TEST_JIRA_TOKEN' },
    });
    const bad = await run(process.execPath, [BIN, '--config', badFile, '--once'], { env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toContain('jira.project');
  });
});
