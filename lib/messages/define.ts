import { z } from 'zod';
import { Failure, internalFailure } from '../net/failure';

/**
 * Who may send a message. Content scripts run on host pages (MISO, Jira), so the background only
 * accepts their messages from a configured origin; extension pages (popup, options) are trusted.
 * `content-script` is either host's; a message only one host's script needs names that host, so a
 * script on the other host (a page there that talks it into sending) is refused.
 */
export type Audience = 'extension-page' | 'content-script' | 'miso-content-script' | 'jira-content-script';

/** Where a sender was found to be: a content script is always on one host. */
export type SenderAudience = Exclude<Audience, 'content-script'>;

export function accepts(from: readonly Audience[], audience: SenderAudience): boolean {
  return from.includes(audience) || (audience !== 'extension-page' && from.includes('content-script'));
}

export interface MessageSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  from: readonly Audience[];
}

export function message<Req extends z.ZodType, Res extends z.ZodType>(
  spec: MessageSpec<Req, Res>,
): MessageSpec<Req, Res> {
  return spec;
}

/** Handlers answer `{ok:false, failure}` instead of throwing, so a failure keeps its system and kind. */
export function result<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), failure: Failure }),
  ]);
}
export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/**
 * Runs a handler's work and answers with its value, or with the failure when it throws: a FetchError's
 * own, anything else as Bao's `internal` failure in `where` (e.g. "QC in MISO batches (IndexedDB)").
 */
export async function resultOf<T>(where: string, task: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await task() };
  } catch (error) {
    console.error(`Bao: ${where}:`, error);
    return { ok: false, failure: internalFailure(error, where) };
  }
}
