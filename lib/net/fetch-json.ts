import type { z } from 'zod';
import { FetchError, issueLines, type Failure, type System } from './failure';

export interface RequestOptions extends Omit<RequestInit, 'signal'> {
  system: System;
  /** Default 30 s. The Cardea document download passes its own, longer limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Path names that mean "the session expired" when a redirect lands there (MISO: `/login`). */
  loginPaths?: string[];
  /** Reads the message out of an error response's body, for a system with its own error shape (default `errorDetail`). */
  describeError?: (body: string) => string | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Pulls a human message out of an error body: Nabu's `{errors:[…]}`, MISO's `{detail}`, Jira's `{errorMessages, errors}`. */
export function errorDetail(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of ['errors', 'errorMessages'] as const) {
      const v = json[key];
      if (Array.isArray(v)) parts.push(...v.map(String));
      else if (v && typeof v === 'object') parts.push(...Object.entries(v).map(([k, m]) => `${k}: ${String(m)}`));
    }
    for (const key of ['detail', 'message', 'error'] as const) if (typeof json[key] === 'string') parts.push(json[key]);
    // Nabu prefixes validation text with a literal "undefined : " (docs/jira-and-nabu.md#nabu-validation).
    const joined = parts.map((p) => p.replace(/^undefined : /, '')).join('; ');
    return joined || undefined;
  } catch {
    return text.startsWith('<') ? undefined : text.slice(0, 200);
  }
}

/**
 * The one place Bao sends HTTP. Resolves with a Response whose status is 2xx; everything else
 * becomes a FetchError whose `failure` says which system, what kind, and why.
 */
export async function request(url: string, options: RequestOptions): Promise<Response> {
  const {
    system,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    signal,
    loginPaths = ['/login'],
    describeError = errorDetail,
    ...init
  } = options;
  const fail = (f: Omit<Failure, 'system' | 'url'>): never => {
    throw new FetchError({ system, url, ...f });
  };
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: combined });
  } catch (error) {
    if (timeout.aborted) return fail({ kind: 'timeout' });
    if (signal?.aborted) throw error;
    return fail({ kind: 'network', detail: error instanceof Error ? error.message : String(error) });
  }
  if (response.redirected && loginPaths.includes(new URL(response.url).pathname)) {
    return fail({ kind: 'unauthorized', status: response.status, detail: 'redirected to the login page' });
  }
  if (response.ok) return response;
  const body = await response.text().catch(() => '');
  const detail = describeError(body);
  const status = response.status;
  if (status === 401 || status === 403) return fail({ kind: 'unauthorized', status, detail });
  if (status === 429)
    return fail({
      kind: 'rate-limited',
      status,
      detail,
      retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
    });
  // Some servers (Jira Cloud) also send Retry-After with a 503.
  if (status >= 500)
    return fail({ kind: 'server', status, detail, retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')) });
  return fail({ kind: 'http', status, detail });
}

/** Parses a body that should be JSON, naming the system when it is not. */
export function parseJsonText<S extends z.ZodType>(text: string, schema: S, system: System, url: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FetchError({
      kind: 'malformed',
      system,
      url,
      detail: error instanceof Error ? error.message : undefined,
    });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new FetchError({ kind: 'invalid', system, url, issues: issueLines(result.error) });
  return result.data;
}

/** The body as text; a connection that breaks off (or times out) while it arrives fails like one that never answered. */
async function readText(response: Response, { system, signal }: RequestOptions, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') throw new FetchError({ kind: 'timeout', system, url });
    throw new FetchError({
      kind: 'network',
      system,
      url,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/** GET (or any method) a JSON resource and validate it. A login page served as 200 counts as unauthorized. */
export async function fetchJson<S extends z.ZodType>(
  url: string,
  schema: S,
  options: RequestOptions,
): Promise<z.output<S>> {
  const response = await request(url, { ...options, headers: { Accept: 'application/json', ...options.headers } });
  const type = response.headers.get('Content-Type') ?? '';
  const text = await readText(response, options, url);
  if (type.includes('text/html') && /<form[^>]+login/i.test(text)) {
    throw new FetchError({
      kind: 'unauthorized',
      system: options.system,
      url,
      status: response.status,
      detail: 'got the login page',
    });
  }
  return parseJsonText(text, schema, options.system, url);
}
