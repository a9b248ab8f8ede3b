import { JSONParser, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { z } from 'zod';
import { FetchError, issueLines } from '../net/failure';
import {
  caseRecord,
  mergeRunLibrary,
  notificationFor,
  runFacts,
  runLibrariesOf,
  runLibraryKey,
  type CaseRecord,
  type DocumentSummary,
  type IndexBatch,
  type IndexWriter,
  type NotificationRecord,
  type RunLibraryRecord,
  type RunRecord,
} from './records';
import { Assay, Case, CardeaTimestamp, OmittedRunSample } from './schema';

// Streams Cardea's `/dimsum` document into an index without ever holding the document: the parser
// emits one assay, case or omitted run-library at a time, each is validated with zod, turned into
// small records and written in batches; parsing waits for each batch (backpressure), so memory is
// bounded by the batch size, not the document size.

export interface IngestProgress {
  bytes: number;
  cases: number;
  phase: 'streaming' | 'notifications';
}

export interface IngestOptions {
  /** Cardea URL, used in failures. */
  url?: string;
  /** Cardea's `/timestamp` that prompted the download; the document's own `timestamp` wins when it has one. */
  timestamp?: string | null;
  onProgress?: (progress: IngestProgress) => void | Promise<void>;
  /** At most one progress call per interval (default 1 s); one more at the end of each phase. */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** Records per write (one IndexedDB transaction each). */
  batchSize?: number;
  /**
   * Whether a run has an open Jira ticket, which changes when a notification is due (docs/notifications-and-tickets.md#desired-ticket-state).
   * The ticket keeper supplies it; without one, no run has a ticket.
   */
  hasOpenTicket?: (runName: string) => boolean | Promise<boolean>;
}

const PATHS = ['$.assaysById.*', '$.cases.*', '$.omittedRunSamples.*', '$.timestamp'];

type Emitted =
  | { part: 'assay'; key: string; value: unknown }
  | { part: 'case' | 'omitted'; index: number; value: unknown }
  | { part: 'timestamp'; value: unknown };

/**
 * The streaming paths match members of an object as readily as items of an array, and an empty or
 * scalar container emits nothing at all, so `{"cases": {}}` or `"omittedRunSamples": "x"` would pass
 * unnoticed; the first token of each of these top-level members is checked instead.
 */
const CONTAINERS: Record<string, { shape: 'an array' | 'an object'; nullable: boolean }> = {
  cases: { shape: 'an array', nullable: false },
  omittedRunSamples: { shape: 'an array', nullable: true },
  assaysById: { shape: 'an object', nullable: false },
};

const TOKEN_SHAPES: Partial<Record<TokenType, string>> = {
  [TokenType.LEFT_BRACKET]: 'an array',
  [TokenType.LEFT_BRACE]: 'an object',
  [TokenType.STRING]: 'a string',
  [TokenType.NUMBER]: 'a number',
  [TokenType.TRUE]: 'a boolean',
  [TokenType.FALSE]: 'a boolean',
  [TokenType.NULL]: 'null',
};

/** Follows the tokens of the document's top level and names the first member whose value has the wrong shape. */
class TopLevelShapes {
  error: string | undefined;
  private depth = 0;
  private state: 'key' | 'colon' | 'value' | 'next' = 'next';
  private key = '';

  token({ token, value }: ParsedTokenInfo): void {
    if (this.depth === 1) {
      if (this.state === 'key' && token === TokenType.STRING) {
        this.key = String(value);
        this.state = 'colon';
      } else if (this.state === 'colon' && token === TokenType.COLON) {
        this.state = 'value';
      } else if (this.state === 'value') {
        this.state = 'next';
        this.check(token);
      } else if (token === TokenType.COMMA) {
        this.state = 'key';
      }
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      this.depth += 1;
      if (this.depth === 1) this.state = token === TokenType.LEFT_BRACE ? 'key' : 'next';
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
      this.depth -= 1;
    }
  }

  private check(token: TokenType): void {
    const expected = Object.hasOwn(CONTAINERS, this.key) ? CONTAINERS[this.key] : undefined;
    if (!expected || this.error) return;
    const shape = TOKEN_SHAPES[token] ?? 'something else';
    if (shape === expected.shape || (expected.nullable && shape === 'null')) return;
    this.error = `${this.key}: expected ${expected.shape}, received ${shape}`;
  }
}

function invalid(url: string, issues: string[]): FetchError {
  return new FetchError({ kind: 'invalid', system: 'Cardea', url, issues });
}

function malformed(url: string, detail: string): FetchError {
  return new FetchError({ kind: 'malformed', system: 'Cardea', url, detail });
}

function validate<S extends z.ZodType>(schema: S, value: unknown, path: (string | number)[], url: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const prefixed = result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }));
  throw invalid(url, issueLines(new z.ZodError(prefixed)));
}

class BatchBuffer {
  assays: Assay[] = [];
  cases: CaseRecord[] = [];
  runs: RunRecord[] = [];
  libraries = new Map<string, RunLibraryRecord>();
  omitted: OmittedRunSample[] = [];

  get size(): number {
    return this.assays.length + this.cases.length + this.runs.length + this.libraries.size + this.omitted.length;
  }

  addLibrary(record: RunLibraryRecord): void {
    const key = runLibraryKey(record);
    const existing = this.libraries.get(key);
    this.libraries.set(key, existing ? mergeRunLibrary(existing, record) : record);
  }

  take(): IndexBatch {
    const batch = {
      assays: this.assays,
      cases: this.cases,
      runs: this.runs,
      runLibraries: [...this.libraries.values()],
      omitted: this.omitted,
    };
    this.assays = [];
    this.cases = [];
    this.runs = [];
    this.libraries = new Map();
    this.omitted = [];
    return batch;
  }
}

function readFailure(error: unknown, url: string, bytes: number, signal?: AbortSignal): unknown {
  if (signal?.aborted || error instanceof FetchError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new FetchError({ kind: 'timeout', system: 'Cardea', url, detail: `after ${bytes} bytes` });
  }
  const message = error instanceof Error ? error.message : String(error);
  return malformed(url, `the download broke off after ${bytes} bytes (${message})`);
}

export type IndexerOptions = Pick<IngestOptions, 'url' | 'timestamp' | 'batchSize' | 'hasOpenTicket'>;

/**
 * Turns the parts of a document (assays, cases, omitted run-libraries, the timestamp), in any order
 * and however they were parsed, into validated records written in batches; `finish` runs the
 * notification pass and commits. The streaming ingest and the bench's whole-document baseline share it.
 */
export class DocumentIndexer {
  readonly summary: DocumentSummary;
  private readonly url: string;
  private readonly batchSize: number;
  private readonly hasOpenTicket: (runName: string) => boolean | Promise<boolean>;
  private readonly runNames = new Set<string>();
  private readonly buffer = new BatchBuffer();
  private sawTimestamp = false;

  constructor(
    private readonly writer: IndexWriter,
    options: IndexerOptions = {},
  ) {
    this.url = options.url ?? '/dimsum';
    this.batchSize = options.batchSize ?? 500;
    this.hasOpenTicket = options.hasOpenTicket ?? (() => false);
    this.summary = {
      timestamp: options.timestamp ?? null,
      bytes: 0,
      cases: 0,
      assays: 0,
      runs: 0,
      runLibraries: 0,
      omittedRunLibraries: 0,
      notifications: 0,
      runsRequiringAction: 0,
    };
  }

  timestamp(value: unknown): void {
    this.sawTimestamp = true;
    this.summary.timestamp = validate(CardeaTimestamp, value, ['timestamp'], this.url) ?? this.summary.timestamp;
  }

  assay(key: string, value: unknown): void {
    this.buffer.assays.push(validate(Assay, value, ['assaysById', key], this.url));
    this.summary.assays += 1;
  }

  omittedRunLibrary(index: number, value: unknown): void {
    this.buffer.omitted.push(validate(OmittedRunSample, value, ['omittedRunSamples', index], this.url));
    this.summary.omittedRunLibraries += 1;
  }

  case(index: number, value: unknown): void {
    const c = validate(Case, value, ['cases', index], this.url);
    this.summary.cases += 1;
    this.buffer.cases.push(caseRecord(c));
    for (const { record, run } of runLibrariesOf(c)) {
      // The Run is repeated in every run-library; the first copy is the one kept.
      if (!this.runNames.has(record.runName)) {
        this.runNames.add(record.runName);
        this.buffer.runs.push({ runName: record.runName, run, facts: null });
      }
      this.buffer.addLibrary(record);
    }
  }

  /** Writes a batch once enough records wait; the caller awaits it before parsing on (backpressure). */
  async flushIfFull(): Promise<void> {
    if (this.buffer.size >= this.batchSize) await this.writer.write(this.buffer.take());
  }

  /** Writes the rest, computes every run's facts and notification, and switches to the new generation. */
  async finish(
    signal?: AbortSignal,
    onProgress: () => Promise<void> = async () => undefined,
  ): Promise<DocumentSummary> {
    // An empty or foreign document would otherwise replace the index with nothing.
    if (this.summary.cases === 0) {
      throw invalid(this.url, [`cases: the document has no cases${this.sawTimestamp ? '' : ' and no timestamp'}`]);
    }
    if (this.buffer.size > 0) await this.writer.write(this.buffer.take());
    await onProgress();
    await this.notificationPass(signal, onProgress);
    this.summary.runs = this.runNames.size;
    await this.writer.commit(this.summary);
    return this.summary;
  }

  private async notificationPass(signal: AbortSignal | undefined, onProgress: () => Promise<void>): Promise<void> {
    const RUNS_PER_WRITE = 100;
    let runs: RunRecord[] = [];
    let notifications: NotificationRecord[] = [];
    for (const runName of this.runNames) {
      signal?.throwIfAborted();
      // One run's libraries at a time: never every run's at once.
      const found = await this.writer.readRun(runName);
      if (!found) continue;
      this.summary.runLibraries += found.libraries.length;
      runs.push({ runName, run: found.run, facts: runFacts(found.libraries) });
      const notification = notificationFor(found.run, found.libraries, await this.hasOpenTicket(runName));
      if (notification) {
        notifications.push(notification);
        this.summary.notifications += 1;
        if (notification.requiresAction) this.summary.runsRequiringAction += 1;
      }
      if (runs.length >= RUNS_PER_WRITE) {
        await this.writer.finishRuns(runs, notifications);
        runs = [];
        notifications = [];
        await onProgress();
      }
    }
    if (runs.length > 0) await this.writer.finishRuns(runs, notifications);
  }
}

/**
 * Reads the whole stream into `writer` and switches to the new generation, or fails with a
 * `FetchError` (kind `malformed` or `invalid`, system Cardea) after dropping what it wrote.
 */
export async function ingestDimsum(
  body: ReadableStream<Uint8Array>,
  writer: IndexWriter,
  options: IngestOptions = {},
): Promise<DocumentSummary> {
  const { url = '/dimsum', signal, progressIntervalMs = 1000 } = options;
  const indexer = new DocumentIndexer(writer, options);
  const { summary } = indexer;
  const parser = new JSONParser({ paths: PATHS, keepStack: false });
  // The parser calls back synchronously; parts wait here until the chunk is parsed, then go to the indexer.
  const emitted: Emitted[] = [];
  let parseError: Error | undefined;
  const shapes = new TopLevelShapes();
  parser.onToken = (token) => shapes.token(token);
  parser.onValue = ({ value, key, stack }) => {
    if (shapes.error) return;
    if (stack.length === 1 && key === 'timestamp') {
      emitted.push({ part: 'timestamp', value });
      return;
    }
    if (stack.length !== 2) return;
    if (stack[1].key === 'cases') emitted.push({ part: 'case', index: Number(key), value });
    else if (stack[1].key === 'assaysById') emitted.push({ part: 'assay', key: String(key), value });
    else if (stack[1].key === 'omittedRunSamples') emitted.push({ part: 'omitted', index: Number(key), value });
  };
  parser.onError = (error) => {
    parseError ??= error;
  };
  const take = (item: Emitted) => {
    if (item.part === 'timestamp') indexer.timestamp(item.value);
    else if (item.part === 'assay') indexer.assay(item.key, item.value);
    else if (item.part === 'case') indexer.case(item.index, item.value);
    else indexer.omittedRunLibrary(item.index, item.value);
  };

  let lastProgress = 0;
  const progress = async (phase: IngestProgress['phase'], force = false) => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - lastProgress < progressIntervalMs)) return;
    lastProgress = now;
    await options.onProgress({ bytes: summary.bytes, cases: summary.cases, phase });
  };

  const reader = body.getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw readFailure(error, url, summary.bytes, signal);
      }
      if (chunk.done) break;
      summary.bytes += chunk.value.byteLength;
      // After the document's end only whitespace may follow; the parser reports anything else.
      if (!parseError) parser.write(chunk.value);
      if (parseError) throw malformed(url, parseError.message);
      for (const item of emitted.splice(0)) take(item);
      if (shapes.error) throw invalid(url, [shapes.error]);
      await indexer.flushIfFull();
      await progress('streaming');
    }
    if (summary.bytes === 0) throw malformed(url, 'the response was empty');
    if (!parser.isEnded) {
      try {
        parser.end();
      } catch (error) {
        parseError ??= error instanceof Error ? error : new Error(String(error));
      }
      if (parseError)
        throw malformed(url, `the document ended early, after ${summary.bytes} bytes (${parseError.message})`);
    }
    for (const item of emitted.splice(0)) take(item);
    if (shapes.error) throw invalid(url, [shapes.error]);
    await progress('streaming', true);
    await indexer.finish(signal, () => progress('notifications'));
    await progress('notifications', true);
    return summary;
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    await writer.abort().catch(() => undefined);
    throw error;
  }
}
