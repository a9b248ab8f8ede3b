import { createHash, randomBytes } from 'node:crypto';
import {
  access,
  copyFile,
  link,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { canonicalJson } from '../lib/snapshot/build';
import { caseFileName, runFileName, SnapshotIndex, trendFileName, type SnapshotRunFile } from '../lib/snapshot/schema';

// Publishes snapshots as static files:
//
//   {publishDir}/generations/{id}/index.json, runs/…, cases/…, trends/…   one complete snapshot each (+ .gz and .br beside every file)
//   {publishDir}/current -> generations/{id}           what a web server serves
//
// A generation is built in `generations/.{id}.building`, renamed into place when complete, and only then
// does `current` move (a new symlink renamed over the old one: one atomic step), so a reader — or a
// server restarted mid-publish — only ever sees a whole snapshot. Run files are named by the hash of
// their bytes; one the previous generation already has is hard-linked from it, not written again.

export const ENCODINGS = [
  { suffix: '.br', encoding: 'br' },
  { suffix: '.gz', encoding: 'gzip' },
] as const;

/**
 * Small files get the best compression; large ones a level that keeps a publish quick. Compressed on
 * the main thread, between the ingest's steps, not in libuv's threads: on two cores those threads only
 * took time from the ingest (and from V8's own collector threads), and each thread that ran an encoder
 * kept the memory it used, adding tens of MB to a 200 MB publish's peak. A file of a few hundred kB
 * takes a few ms, so the server still answers browsers between files.
 */
function compressed(bytes: Buffer): [Buffer, Buffer] {
  const small = bytes.length < 32 * 1024;
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: small ? 11 : 5,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      // A 1 MB window (not 4 MB): an encoder needs a few times its window in memory.
      [zlib.constants.BROTLI_PARAM_LGWIN]: 20,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: small ? 9 : 6 });
  return [br, gz];
}

/** Writes a file with its `.br` and `.gz`, each through a temporary name renamed into place. */
async function writeWithCompressed(file: string, bytes: Buffer): Promise<void> {
  const [br, gz] = compressed(bytes);
  const temporary = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const parts: [string, Buffer][] = [
    [file, bytes],
    [`${file}.br`, br],
    [`${file}.gz`, gz],
  ];
  await Promise.all(parts.map(([name, content]) => writeFile(`${name}${temporary}`, content)));
  // The plain file last: a web server that finds it also finds its compressed copies.
  for (const [name] of parts.reverse()) await rename(`${name}${temporary}`, name);
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

const exists = async (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** `sha256` of the bytes, hex, truncated: the content part of a run file's name. */
export function contentHash(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 20);
}

/** The path a file of the snapshot has on disk: web servers decode the URL before they look for the file. */
function diskPath(root: string, relative: string): string {
  return path.join(root, ...relative.split('/').map((part) => decodeURIComponent(part)));
}

function newGenerationId(now: Date): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** Files being written at once: their writes, links and renames overlap in libuv's threads. */
const WRITES_IN_FLIGHT = 2;

export class Generation {
  private readonly written = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private failed: unknown;

  constructor(
    readonly id: string,
    readonly dir: string,
    private readonly previousDir: string | undefined,
  ) {}

  /**
   * Writes one run's file (or links the previous generation's, when its bytes are the same); resolves
   * with its name. `json` is `canonicalJson(file)` when the caller already has it.
   */
  async writeRun(file: SnapshotRunFile, json: string = canonicalJson(file)): Promise<string> {
    const bytes = Buffer.from(json);
    const name = runFileName(file.runName, contentHash(bytes));
    if (file.runName.includes('/') || file.runName === '.' || file.runName === '..') {
      throw new Error(`run name ${JSON.stringify(file.runName)} cannot be a file name`);
    }
    if (this.failed) throw this.failed;
    while (this.inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(this.inFlight);
    const writing: Promise<void> = this.place(name, async (target) => writeWithCompressed(target, bytes))
      .catch((error: unknown) => {
        this.failed ??= error;
      })
      .finally(() => this.inFlight.delete(writing));
    this.inFlight.add(writing);
    return name;
  }

  /**
   * Writes one bucket's case file, given as its canonical JSON (or links the previous generation's, when its
   * bytes are the same); resolves with its name.
   */
  async writeCases(bucket: number, json: string): Promise<string> {
    const bytes = Buffer.from(json);
    const name = caseFileName(bucket, contentHash(bytes));
    await this.place(name, async (target) => writeWithCompressed(target, bytes));
    return name;
  }

  /**
   * Writes one assay's trend file, given as its canonical JSON (or links the previous generation's, when its bytes
   * are the same); resolves with its name.
   */
  async writeTrend(assayId: number, json: string): Promise<string> {
    const bytes = Buffer.from(json);
    const name = trendFileName(assayId, contentHash(bytes));
    await this.place(name, async (target) => writeWithCompressed(target, bytes));
    return name;
  }

  /** Resolves when every run file is on disk; rejects with the first write that failed. */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failed) throw this.failed;
  }

  /** Keeps a file of the previous generation that this one no longer has, so a browser still on the previous index can open it. */
  async carryOver(name: string): Promise<void> {
    if (this.written.has(name) || !this.previousDir) return;
    await this.place(name, async () => {
      throw new Error(`${name} is missing`);
    }).catch(() => undefined);
  }

  private async place(name: string, write: (target: string) => Promise<void>): Promise<void> {
    if (this.written.has(name)) return;
    this.written.add(name);
    const target = diskPath(this.dir, name);
    if (this.previousDir) {
      const source = diskPath(this.previousDir, name);
      if (await exists(source)) {
        for (const suffix of ['', '.br', '.gz']) await linkOrCopy(`${source}${suffix}`, `${target}${suffix}`);
        return;
      }
    }
    await write(target);
  }
}

export class Publisher {
  readonly generationsDir: string;
  readonly currentLink: string;
  /** Generation id → when it stopped being current (ms). */
  private readonly retired = new Map<string, number>();

  constructor(
    readonly publishDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.generationsDir = path.join(publishDir, 'generations');
    this.currentLink = path.join(publishDir, 'current');
  }

  /** The current generation's id, or undefined before the first publish. */
  async currentId(): Promise<string | undefined> {
    try {
      return path.basename(await readlink(this.currentLink));
    } catch {
      return undefined;
    }
  }

  currentDir(id: string): string {
    return path.join(this.generationsDir, id);
  }

  /**
   * After a start (or a crash): drops half-built generations, counts every other non-current one as
   * retired now, and returns the current index when there is a valid one.
   */
  async recover(): Promise<SnapshotIndex | undefined> {
    await mkdir(this.generationsDir, { recursive: true });
    const current = await this.currentId();
    for (const entry of await readdir(this.generationsDir)) {
      if (entry.startsWith('.')) await rm(path.join(this.generationsDir, entry), { recursive: true, force: true });
      else if (entry !== current && !this.retired.has(entry)) this.retired.set(entry, this.now());
    }
    if (!current) return undefined;
    try {
      const parsed = SnapshotIndex.safeParse(
        JSON.parse(await readFile(path.join(this.currentDir(current), 'index.json'), 'utf8')),
      );
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Starts the next generation beside the current one. */
  async begin(): Promise<Generation> {
    const id = newGenerationId(new Date(this.now()));
    const dir = path.join(this.generationsDir, `.${id}.building`);
    await mkdir(path.join(dir, 'runs'), { recursive: true });
    await mkdir(path.join(dir, 'cases'), { recursive: true });
    await mkdir(path.join(dir, 'trends'), { recursive: true });
    const current = await this.currentId();
    return new Generation(id, dir, current ? this.currentDir(current) : undefined);
  }

  /** Writes the index, puts the generation in place and makes it current. */
  async finish(generation: Generation, index: SnapshotIndex): Promise<void> {
    await generation.settle();
    await writeWithCompressed(path.join(generation.dir, 'index.json'), Buffer.from(canonicalJson(index)));
    const previous = await this.currentId();
    await rename(generation.dir, this.currentDir(generation.id));
    const temporary = `${this.currentLink}.tmp-${process.pid}`;
    await rm(temporary, { force: true });
    await symlink(path.join('generations', generation.id), temporary);
    await rename(temporary, this.currentLink);
    if (previous && previous !== generation.id) this.retired.set(previous, this.now());
  }

  async discard(generation: Generation): Promise<void> {
    await generation.settle().catch(() => undefined);
    await rm(generation.dir, { recursive: true, force: true });
  }

  /** Replaces the current generation's `index.json` (a status change: Cardea failing, the keeper's tickets). */
  async rewriteIndex(index: SnapshotIndex): Promise<void> {
    const current = await this.currentId();
    if (!current) throw new Error('there is no current snapshot to update');
    await writeWithCompressed(path.join(this.currentDir(current), 'index.json'), Buffer.from(canonicalJson(index)));
  }

  /** Removes generations that stopped being current at least `graceMs` ago; resolves with their ids. */
  async prune(graceMs: number): Promise<string[]> {
    const current = await this.currentId();
    const removed: string[] = [];
    for (const [id, since] of this.retired) {
      if (id === current) {
        this.retired.delete(id);
        continue;
      }
      if (this.now() - since < graceMs) continue;
      await rm(this.currentDir(id), { recursive: true, force: true });
      this.retired.delete(id);
      removed.push(id);
    }
    return removed;
  }
}
