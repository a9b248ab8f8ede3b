import { z } from 'zod';
import {
  SNAPSHOT_FORMAT,
  SnapshotCaseFile,
  SnapshotIndex,
  SnapshotRunFile,
  SnapshotTrendFile,
} from '../snapshot/schema';
import { FetchError, issueLines } from '../net/failure';
import { parseJsonText, request } from '../net/fetch-json';

// The extension's side of a Bao server: `index.json` with a conditional GET (a 304 costs a few hundred
// bytes), and a run's file only when an overlay asks. Every failure names the Bao server and the file,
// so the badge and the popup say which file of which server went wrong.

export const BAO_SERVER = 'Bao server';
const INDEX_FILE = 'index.json';
const INDEX_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 60_000;
const CASES_TIMEOUT_MS = 60_000;

/** Just enough of index.json to see which snapshot format the server speaks, before its own schema. */
const FormatOnly = z.looseObject({ format: z.unknown() });

export type IndexFetch =
  { status: 'not-modified' } | { status: 'ok'; index: SnapshotIndex; etag: string | null; bytes: number };

export interface FetchOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Reads and validates one snapshot file; schema errors start with the file's name. */
async function readFile<S extends z.ZodType>(
  response: Response,
  url: string,
  file: string,
  schema: S,
): Promise<{ data: z.output<S>; bytes: number }> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new FetchError({
      kind: 'network',
      system: BAO_SERVER,
      url,
      detail: `${file} broke off: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  try {
    return { data: parseJsonText(text, schema, BAO_SERVER, url), bytes: text.length };
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    const { failure } = error;
    if (failure.kind === 'malformed')
      throw new FetchError({
        ...failure,
        detail: `${file} is not valid JSON (truncated?)${failure.detail ? `: ${failure.detail}` : ''}`,
      });
    throw new FetchError({ ...failure, issues: (failure.issues ?? []).map((issue) => `${file} ${issue}`) });
  }
}

/** `{base}/index.json`; with the last ETag, a 304 says nothing changed. */
export async function fetchSnapshotIndex(
  base: string,
  etag: string | null,
  options: FetchOptions = {},
): Promise<IndexFetch> {
  const url = `${base}/${INDEX_FILE}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (etag) headers['If-None-Match'] = etag;
  // `no-store`: Bao keeps the last good copy itself (IndexedDB) and asks with its own ETag, so the 304 reaches it.
  const response = await request(url, {
    system: BAO_SERVER,
    timeoutMs: options.timeoutMs ?? INDEX_TIMEOUT_MS,
    signal: options.signal,
    headers,
    cache: 'no-store',
    credentials: 'omit',
  }).catch((error: unknown) => {
    // fetch hands a 304 to the caller only for its own conditional requests; ours arrives as a non-ok status.
    if (error instanceof FetchError && error.failure.status === 304) return undefined;
    throw error;
  });
  if (!response || response.status === 304) return { status: 'not-modified' };
  const { data: raw, bytes } = await readFile(response, url, INDEX_FILE, FormatOnly);
  // A server that speaks another format (older or newer than this Bao) gets one clear sentence, not a list of
  // fields that do not match.
  if (raw.format !== SNAPSHOT_FORMAT) {
    throw new FetchError({
      kind: 'invalid',
      system: BAO_SERVER,
      url,
      issues: [
        `${INDEX_FILE} format: the Bao server publishes snapshot format ${JSON.stringify(raw.format ?? null)}; this Bao reads format ${SNAPSHOT_FORMAT}, so the Bao server and Bao must be updated to match`,
      ],
    });
  }
  const parsed = SnapshotIndex.safeParse(raw);
  if (!parsed.success)
    throw new FetchError({
      kind: 'invalid',
      system: BAO_SERVER,
      url,
      issues: issueLines(parsed.error).map((line) => `${INDEX_FILE} ${line}`),
    });
  return { status: 'ok', index: parsed.data, etag: response.headers.get('ETag'), bytes };
}

/** One immutable file the index names, validated by its schema, with the bytes it took. */
async function fetchSnapshotFile<S extends z.ZodType>(
  base: string,
  file: string,
  schema: S,
  timeoutMs: number,
  options: FetchOptions,
): Promise<{ data: z.output<S>; bytes: number }> {
  const url = `${base}/${file}`;
  const response = await request(url, {
    system: BAO_SERVER,
    timeoutMs: options.timeoutMs ?? timeoutMs,
    signal: options.signal,
    headers: { Accept: 'application/json' },
    credentials: 'omit',
  });
  return readFile(response, url, file, schema);
}

/** One run's file (`runs/{run}.{hash}.json`, as `index.json` names it). */
export async function fetchSnapshotRun(
  base: string,
  file: string,
  options: FetchOptions = {},
): Promise<SnapshotRunFile> {
  return (await fetchSnapshotFile(base, file, SnapshotRunFile, RUN_TIMEOUT_MS, options)).data;
}

/** One bucket's case file (`cases/{bucket}.{hash}.json`, as `index.json` names it), with the bytes it took. */
export function fetchSnapshotCases(
  base: string,
  file: string,
  options: FetchOptions = {},
): Promise<{ data: SnapshotCaseFile; bytes: number }> {
  return fetchSnapshotFile(base, file, SnapshotCaseFile, CASES_TIMEOUT_MS, options);
}

/** One assay's trend file (`trends/{assay id}.{hash}.json`, as `index.json` names it). */
export async function fetchSnapshotTrends(
  base: string,
  file: string,
  options: FetchOptions = {},
): Promise<SnapshotTrendFile> {
  return (await fetchSnapshotFile(base, file, SnapshotTrendFile, RUN_TIMEOUT_MS, options)).data;
}
