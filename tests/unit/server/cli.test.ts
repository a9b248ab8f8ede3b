// @vitest-environment node
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SnapshotIndex } from '../../../lib/snapshot/schema';
import { loadServerConfig } from '../../../server/config';
import { startBaoServer } from '../../../server/server';
import { startCardea, type CardeaStub } from './cardea-stub';

const run = promisify(execFile);
const BIN = path.resolve('bin/bao-server.mjs');

let dir: string;
let cardea: CardeaStub;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bao-server-cli-'));
  cardea = await startCardea();
});
afterEach(async () => {
  await cardea.close();
  await rm(dir, { recursive: true, force: true });
});

async function configFile(content: unknown, name = 'server.json'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

const indexOf = async () =>
  SnapshotIndex.parse(JSON.parse(await readFile(path.join(dir, 'published', 'current', 'index.json'), 'utf8')));

describe('the config file', () => {
  test('fills in the defaults and resolves the publish folder beside the config', async () => {
    const file = await configFile({ cardeaUrl: 'http://cardea.lab.org/', publishDir: 'published' });
    expect(await loadServerConfig(file)).toEqual({
      cardeaUrl: 'http://cardea.lab.org',
      publishDir: path.join(dir, 'published'),
      host: '127.0.0.1',
      pollSeconds: 60,
      pruneAfterSeconds: 600,
      stateFile: undefined,
      jira: undefined,
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ['no Cardea URL', { publishDir: 'p' }, /cardeaUrl is required/],
    ['no publish folder', { cardeaUrl: 'http://c' }, /publishDir is required/],
    [
      'a Jira without a project',
      { cardeaUrl: 'http://c', publishDir: 'p', misoUrl: 'http://m', jira: { url: 'http://j', token: 't' } },
      /jira\.project is required/,
    ],
    [
      'a Jira without MISO',
      { cardeaUrl: 'http://c', publishDir: 'p', jira: { url: 'http://j', project: 'GLT', token: 't' } },
      /misoUrl is required with jira/,
    ],
    ['a poll too often', { cardeaUrl: 'http://c', publishDir: 'p', pollSeconds: 1 }, /pollSeconds: must be at least 5/],
    ['a typo', { cardeaUrl: 'http://c', publishDir: 'p', prot: 8080 }, /Unrecognized key: "prot"/],
  ];
  test.each(bad)('%s is refused, naming the field', async (_name, content, message) => {
    await expect(loadServerConfig(await configFile(content))).rejects.toThrow(message);
  });
});

describe('bao-server', () => {
  test('--once publishes the snapshot and exits 0, logging one line per poll', async () => {
    const file = await configFile({ cardeaUrl: cardea.url, publishDir: 'published' });
    const { stdout } = await run(process.execPath, [BIN, '--config', file, '--once']);
    expect(stdout).toMatch(/published generation \S+: Cardea data of 2026-11-20T06:00:00Z, 4 runs/);
    expect((await indexOf()).runs).toHaveLength(4);
  });

  test('a bad config exits 2 and names the field', async () => {
    const file = await configFile({ publishDir: 'published' });
    const failed = await run(process.execPath, [BIN, '--config', file, '--once']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/cardeaUrl is required/) });
  });

  test('killed in the middle of a publish, a restart still serves the previous generation and finishes the new one', async () => {
    const file = await configFile({ cardeaUrl: cardea.url, publishDir: 'published', port: 0 });
    await run(process.execPath, [BIN, '--config', file, '--once']);
    const before = await indexOf();

    cardea.timestamp = '2026-11-20T07:00:00Z';
    cardea.stall = true;
    const child = spawn(process.execPath, [BIN, '--config', file, '--once'], { stdio: 'ignore' });
    const generations = path.join(dir, 'published', 'generations');
    while (!(await readdir(generations)).some((name) => name.endsWith('.building')) || cardea.downloads < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect((await indexOf()).generation).toBe(before.generation);

    cardea.stall = false;
    const config = await loadServerConfig(file);
    const server = await startBaoServer({ ...config, poll: false, log: () => undefined });
    try {
      const served = SnapshotIndex.parse(await (await fetch(`${server.url}/index.json`)).json());
      expect(served.generation).toBe(before.generation);
      await server.pollNow();
      const after = SnapshotIndex.parse(await (await fetch(`${server.url}/index.json`)).json());
      expect(after.cardea.timestamp).toBe('2026-11-20T07:00:00Z');
      expect(path.basename(await readlink(path.join(dir, 'published', 'current')))).toBe(after.generation);
      expect((await readdir(generations)).filter((name) => name.startsWith('.'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
