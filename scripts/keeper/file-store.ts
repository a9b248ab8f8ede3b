import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KeeperRunRecord, KeeperStatus, MemoryKeeperStore } from '../../lib/keeper/records';

// The Node command's records: the same ones the extension keeps in IndexedDB, in one JSON file,
// plus the Cardea timestamp of the last document synced without a failure. Written whole to a
// temporary file and renamed over the old one, so a crash never leaves half a file.

const StateFile = z.object({
  version: z.literal(1),
  /** Cardea's `/timestamp` of the last document synced without a failure. */
  cardeaTimestamp: z.string().nullable(),
  status: KeeperStatus.nullable(),
  runs: z.record(z.string(), KeeperRunRecord),
});

/** Records changed since the last write that make the file worth rewriting before the sync ends. */
const FLUSH_EVERY = 50;

export class FileKeeperStore extends MemoryKeeperStore {
  cardeaTimestamp: string | null = null;
  private unsaved = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly file: string) {
    super();
  }

  /** Opens the state file, or starts empty when there is none; a file that is not a keeper state file is an error. */
  static async open(file: string): Promise<FileKeeperStore> {
    const store = new FileKeeperStore(file);
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    if (text === undefined) return store;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = StateFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = `${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
      throw new Error(`${file} is not a Bao keeper state file (${where}); move it away to start afresh`);
    }
    store.cardeaTimestamp = parsed.data.cardeaTimestamp;
    store.status = parsed.data.status ?? undefined;
    store.runs = new Map(Object.entries(parsed.data.runs));
    return store;
  }

  override async putRun(record: KeeperRunRecord): Promise<void> {
    await super.putRun(record);
    this.unsaved += 1;
    if (this.unsaved >= FLUSH_EVERY) await this.save();
  }

  override async putStatus(status: KeeperStatus): Promise<void> {
    await super.putStatus(status);
    await this.save();
  }

  async setCardeaTimestamp(timestamp: string | null): Promise<void> {
    this.cardeaTimestamp = timestamp;
    await this.save();
  }

  /** Writes are queued, so two never race for the temporary file. */
  save(): Promise<void> {
    this.unsaved = 0;
    const content: z.input<typeof StateFile> = {
      version: 1,
      cardeaTimestamp: this.cardeaTimestamp,
      status: this.status ?? null,
      runs: Object.fromEntries(this.runs),
    };
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(path.dirname(this.file), { recursive: true });
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
        await rename(temporary, this.file);
      });
    return this.writing;
  }
}
