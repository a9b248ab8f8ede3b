import { z } from 'zod';

/** The external systems Bao talks to; every failure names one so the user knows where to look. */
export const System = z.enum(['Cardea', 'MISO', 'Jira', 'Nabu', 'Bao', 'Bao server']);
export type System = z.infer<typeof System>;

/**
 * What went wrong, as plain data so it can cross the message boundary and be stored.
 * - `unauthorized`: 401/403, or a session that expired and redirected to a login page.
 * - `rate-limited`: 429, with the server's Retry-After when it sent one.
 * - `malformed`: the body is not JSON (truncated, HTML error page, …).
 * - `invalid`: JSON that does not match the schema; `issues` name the fields.
 * - `internal`: Bao itself failed (e.g. IndexedDB full); `url` names the component.
 */
export const Failure = z.object({
  kind: z.enum([
    'network',
    'timeout',
    'unauthorized',
    'rate-limited',
    'server',
    'http',
    'malformed',
    'invalid',
    'internal',
  ]),
  system: System,
  url: z.string(),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
  /** Server-provided text (e.g. Nabu's validation message), already cleaned for display. */
  detail: z.string().optional(),
  /** For `invalid`: one entry per schema issue, as `path: message`. */
  issues: z.array(z.string()).optional(),
});
export type Failure = z.infer<typeof Failure>;

export class FetchError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(describeFailure(failure));
    this.name = 'FetchError';
    this.failure = failure;
  }
}

/** Turns zod issues into `path: message` lines, e.g. `cases[3].requisition.id: Invalid input`. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const path = issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
      .join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/** One sentence a lab user can act on. */
export function describeFailure(f: Failure): string {
  const where = f.system;
  switch (f.kind) {
    case 'network':
      return `${where} could not be reached (${f.url}).`;
    case 'timeout':
      return `${where} did not answer in time (${f.url}).`;
    case 'unauthorized':
      return f.system === 'Nabu'
        ? 'Nabu refused the API key: fix the Nabu API key in Bao’s options.'
        : `${where} needs you to log in again.`;
    case 'rate-limited':
      return `${where} asked Bao to slow down${f.retryAfterMs !== undefined ? `; retrying in ${Math.ceil(f.retryAfterMs / 1000)} s` : ''}.`;
    case 'server':
      return `${where} had an internal error (HTTP ${f.status ?? '5xx'})${f.detail ? `: ${f.detail}` : ''}.`;
    case 'http':
      return `${where} answered HTTP ${f.status ?? '?'}${f.detail ? `: ${f.detail}` : ''}.`;
    case 'malformed':
      return `${where} sent a response that is not valid JSON (${f.url})${f.detail ? `: ${f.detail}` : ''}.`;
    case 'invalid':
      return `${where} sent data Bao does not understand: ${(f.issues ?? []).slice(0, 3).join('; ')}.`;
    case 'internal':
      return `Bao could not use its ${f.url}${f.detail ? `: ${f.detail}` : ''}.`;
  }
}

/** Validate a value from any boundary (message, storage, DOM) with the same error shape. */
export function parseFrom<S extends z.ZodType>(system: System, where: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new FetchError({ kind: 'invalid', system, url: where, issues: issueLines(result.error) });
  return result.data;
}

/**
 * Any error as a Failure: a FetchError keeps its own (network, Cardea, Nabu… with their kind); anything
 * else (IndexedDB full, a bug) is Bao's, `internal`, naming the component `where` it happened.
 */
export function internalFailure(error: unknown, where: string): Failure {
  if (error instanceof FetchError) return error.failure;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'internal', system: 'Bao', url: where, detail };
}
