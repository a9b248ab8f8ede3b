import { FetchError } from '../net/failure';
import { fetchJson, type RequestOptions } from '../net/fetch-json';
import { nabuKeyProblem } from '../settings-schema';
import { encodeNabuText, NabuBulkRequest, nabuErrorDetail, NabuSignoffList, type NabuSignoff } from './schema';

// Nabu's case sign-off endpoints (docs/jira-and-nabu.md#nabu-sign-off-endpoints). The API key goes in
// `X-API-KEY` and only ever to the configured Nabu origin: every URL is built from the base URL here, and
// redirects are refused (fetch would carry the header along to wherever a redirect points).

export interface NabuClientOptions {
  /** The Nabu base URL from the options, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface NabuClient {
  /** `POST /case/sign-off`: one row per case, in request order. Text fields are given as typed. */
  bulkSignoff(request: NabuBulkRequest): Promise<NabuSignoff[]>;
  /** `GET /case/{id}/sign-off`: the newest row per (step, type, deliverable) of one case. */
  signoffsFor(caseId: string): Promise<NabuSignoff[]>;
  /** `GET /case/sign-off`: the newest row per (case, step, type, deliverable) of every case. */
  allSignoffs(): Promise<NabuSignoff[]>;
}

/**
 * The body as it goes on the wire. Nabu turns `+` into a space and then percent-decodes `comment`
 * and (for RELEASE) `deliverable`, so both are percent-encoded first: "50% + tumour/normal ✓"
 * arrives exactly as typed instead of as a 500 or with the "+" lost.
 */
export function toWireRequest(request: NabuBulkRequest): NabuBulkRequest {
  const plain = NabuBulkRequest.parse(request);
  return {
    ...plain,
    comment: plain.comment === null || plain.comment === '' ? null : encodeNabuText(plain.comment),
    deliverable: plain.deliverable === null ? null : encodeNabuText(plain.deliverable),
  };
}

export function createNabuClient(options: NabuClientOptions): NabuClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(base).origin;

  const call = async (path: string, init: Omit<RequestOptions, 'system'> = {}): Promise<NabuSignoff[]> => {
    const url = `${base}${path}`;
    if (new URL(url).origin !== origin) {
      throw new FetchError({
        kind: 'internal',
        system: 'Bao',
        url: 'Nabu client',
        detail: `refused to send the key to ${url}`,
      });
    }
    // A key Nabu would mishandle (crash, or answer 500) is never sent; the user fixes it in the options.
    const keyProblem = nabuKeyProblem(options.apiKey);
    if (keyProblem)
      throw new FetchError({
        kind: 'internal',
        system: 'Bao',
        url: 'Nabu API key',
        detail: `it ${keyProblem}; fix it in Bao’s options (nothing was sent)`,
      });
    return fetchJson(url, NabuSignoffList, {
      ...init,
      system: 'Nabu',
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      redirect: 'error',
      describeError: nabuErrorDetail,
      headers: { 'X-API-KEY': options.apiKey, ...init.headers },
    });
  };

  return {
    bulkSignoff: async (request) =>
      call('/case/sign-off', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(toWireRequest(request)),
      }),
    signoffsFor: (caseId) => call(`/case/${encodeURIComponent(caseId)}/sign-off`),
    allSignoffs: () => call('/case/sign-off'),
  };
}
