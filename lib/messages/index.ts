import { defineExtensionMessaging } from '@webext-core/messaging';
import { ZodDiscriminatedUnion, type z } from 'zod';
import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { describeFailure, internalFailure, parseFrom } from '../net/failure';
import { accepts, type Audience, type Result, type SenderAudience } from './define';
import { protocol, type MessageName, type Protocol, type RequestOf, type ResponseOf } from './protocol';

// The library carries the messages; types and validation come from `protocol` (zod, both sides).
const messenger = defineExtensionMessaging<Record<string, (data: unknown) => unknown>>();

/** Sends to the background and validates the answer, so a stale or hostile reply cannot slip through. */
export async function send<K extends MessageName>(
  type: K,
  ...[data]: RequestOf<K> extends undefined ? [] : [RequestOf<K>]
): Promise<ResponseOf<K>> {
  const spec: Protocol[K] = protocol[type];
  const request = parseFrom('Bao', `message ${type}`, spec.request, data);
  const answer = await messenger.sendMessage(type as string, request);
  return parseFrom('Bao', `reply to ${type}`, spec.response, answer) as ResponseOf<K>;
}

/** The value a message answers with: a `result(…)` message's value, or the whole answer of any other. */
export type ValueOf<K extends MessageName> = [ResponseOf<K>] extends [Result<infer V>] ? V : ResponseOf<K>;

/** Where a failed send happened, as Bao's `internal` failures name it. */
const BACKGROUND = 'background worker';

function isResultSchema(schema: z.ZodType): boolean {
  return schema instanceof ZodDiscriminatedUnion && schema.def.discriminator === 'ok';
}

/**
 * `send` that never throws: the answer as a Result. A send that fails (no background, an answer that
 * does not validate) becomes its FetchError's failure, or Bao's `internal` one for anything else.
 */
export async function sendResult<K extends MessageName>(
  type: K,
  ...data: RequestOf<K> extends undefined ? [] : [RequestOf<K>]
): Promise<Result<ValueOf<K>>> {
  try {
    const answer: unknown = await send(type, ...data);
    return (isResultSchema(protocol[type].response) ? answer : { ok: true, value: answer }) as Result<ValueOf<K>>;
  } catch (error) {
    return { ok: false, failure: internalFailure(error, BACKGROUND) };
  }
}

/** One sentence for anything a send or its caller threw. */
export function messageOf(error: unknown): string {
  return describeFailure(internalFailure(error, BACKGROUND));
}

export type Sender = Runtime.MessageSender;

/** Decides which audience a sender belongs to; `undefined` means "refuse". */
export type SenderCheck = (sender: Sender) => Promise<SenderAudience | undefined>;

/** Which configured host an origin is: MISO's, Jira's, or neither (undefined). */
export type HostOfOrigin = (origin: string) => Promise<'miso' | 'jira' | undefined>;

/** Extension pages carry the extension's own URL; content scripts carry the host page's. */
export function extensionPageCheck(hostOfOrigin: HostOfOrigin): SenderCheck {
  return async (sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
    const url = sender.url ?? sender.tab?.url;
    if (!url) return undefined;
    const origin = new URL(url).origin;
    if (origin === extensionOrigin) return 'extension-page';
    const host = sender.tab ? await hostOfOrigin(origin) : undefined;
    return host ? `${host}-content-script` : undefined;
  };
}

/** Registers the background's handler for one message: request and response are both validated. */
export function handle<K extends MessageName>(
  type: K,
  check: SenderCheck,
  handler: (data: RequestData<K>, sender: Sender) => Promise<ResponseOf<K>> | ResponseOf<K>,
): () => void {
  const spec: Protocol[K] = protocol[type];
  return messenger.onMessage(type as string, async (message) => {
    const audience = await check(message.sender as Sender);
    if (!audience || !accepts(spec.from as readonly Audience[], audience)) {
      throw new Error(`Bao refused message ${String(type)} from ${message.sender.url ?? 'an unknown sender'}`);
    }
    const data = parseFrom('Bao', `message ${type}`, spec.request, message.data) as RequestData<K>;
    const answer = await handler(data, message.sender as Sender);
    return parseFrom('Bao', `reply to ${type}`, spec.response, answer) as ResponseOf<K>;
  }) as () => void;
}

/** The request after validation (defaults and transforms applied). */
export type RequestData<K extends MessageName> = z.output<Protocol[K]['request']>;

export { protocol };
export type { MessageName, RequestOf, ResponseOf };
