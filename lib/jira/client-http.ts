import type { z } from 'zod';
import { FetchError, type Failure } from '../net/failure';
import { parseJsonText, request } from '../net/fetch-json';

// The Jira client's transport: every call goes through lib/net's `request`, carries the token only to the
// configured Jira origin, and waits out rate limits (docs/jira-and-nabu.md#jira-rate-limits): a 429 (or a
// 503) is retried after the server's Retry-After, or after an exponential backoff when Cloud leaves it out,
// always with jitter and a bounded number of attempts. Everything else surfaces as a FetchError.

export interface RetryPolicy {
  /** Attempts after the first one. */
  maxRetries: number;
  /** The first backoff when the server names no wait; it doubles on each retry. */
  baseDelayMs: number;
  /** The longest single wait. A Retry-After beyond it is not waited out here: the caller tries again later. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

export interface RetryNotice {
  url: string;
  attempt: number;
  delayMs: number;
  failure: Failure;
}

export interface JiraHttpOptions {
  /** The Jira site, with its context path (`https://jira.lab.org/jira`). */
  baseUrl: string;
  /** The whole `Authorization` header value. */
  authorization: string;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Injected by tests; real waits otherwise. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (notice: RetryNotice) => void;
}

export interface JiraRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** 429 always; 503 when Jira says it is overloaded. Both mean the request was not carried out. */
export function isRetryable(failure: Failure): boolean {
  return failure.kind === 'rate-limited' || (failure.kind === 'server' && failure.status === 503);
}

/**
 * How long to wait before retry number `attempt` (0-based), or undefined to give up now. A server's
 * Retry-After is a minimum (jitter only adds to it); without one the wait doubles from the base.
 */
export function retryDelay(
  failure: Failure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > policy.maxDelayMs) return undefined;
    return (
      failure.retryAfterMs + Math.round(random() * Math.min(1000, policy.baseDelayMs / 2 + failure.retryAfterMs / 10))
    );
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class JiraHttp {
  readonly origin: string;
  private readonly base: string;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: JiraHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.base).origin;
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
  }

  url(path: string, query: JiraRequest['query'] = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    const url = `${this.base}${path}${search ? `?${search}` : ''}`;
    // The token goes to Jira and nowhere else, whatever a path turns out to contain.
    if (new URL(url).origin !== this.origin) {
      const detail = `refused to send the Jira token to ${url}`;
      throw new FetchError({ kind: 'internal', system: 'Bao', url: 'Jira client', detail });
    }
    return url;
  }

  /** One request with retries; resolves with the 2xx response. */
  async send(
    path: string,
    { method = 'GET', query, body }: JiraRequest = {},
  ): Promise<{ url: string; response: Response }> {
    const url = this.url(path, query);
    const sleep = this.options.sleep ?? abortableSleep;
    const random = this.options.random ?? Math.random;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const response = await request(url, {
          system: 'Jira',
          method,
          timeoutMs: this.options.timeoutMs,
          signal: this.options.signal,
          // The keeper authenticates with its token alone: no browser cookies, no redirect that could carry it off.
          credentials: 'omit',
          redirect: 'error',
          cache: 'no-store',
          headers: {
            Accept: 'application/json',
            Authorization: this.options.authorization,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { url, response };
      } catch (error) {
        if (!(error instanceof FetchError) || !isRetryable(error.failure)) throw error;
        const delayMs = retryDelay(error.failure, attempt, this.policy, random);
        if (delayMs === undefined) throw error;
        this.options.onRetry?.({ url, attempt: attempt + 1, delayMs, failure: error.failure });
        await sleep(delayMs, this.options.signal);
      }
    }
  }

  async json<S extends z.ZodType>(schema: S, path: string, init: JiraRequest = {}): Promise<z.output<S>> {
    const { url, response } = await this.send(path, init);
    return parseJsonText(await response.text(), schema, 'Jira', url);
  }

  async noContent(path: string, init: JiraRequest = {}): Promise<void> {
    const { response } = await this.send(path, init);
    await response.body?.cancel();
  }
}

/** `Authorization` for a Data Center PAT (Bearer) or a Cloud API token (Basic `email:token`); never mixed. */
export function jiraAuthorization(flavour: 'datacenter' | 'cloud', token: string, email = ''): string {
  if (flavour === 'datacenter') return `Bearer ${token}`;
  const bytes = new TextEncoder().encode(`${email}:${token}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
