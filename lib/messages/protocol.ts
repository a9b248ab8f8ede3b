import { z } from 'zod';
import { Failure } from '../net/failure';
import { message } from './define';

// Every message between the extension's parts: its name, who may send it, and the zod schemas of
// its request and response. Both sides validate (see ./index.ts). Add new messages here.

export const PipelineState = z.enum(['unconfigured', 'idle', 'checking', 'downloading', 'indexing', 'error']);

export const PipelineStatus = z.object({
  state: PipelineState,
  /** ISO times */
  lastCheckAt: z.string().nullable(),
  lastUpdateAt: z.string().nullable(),
  /** Cardea's `/timestamp` of the document the index was built from. */
  documentTimestamp: z.string().nullable(),
  documentBytes: z.number().nullable(),
  durationMs: z.number().nullable(),
  progress: z.object({ bytes: z.number(), cases: z.number() }).nullable(),
  /** The last failure; the index keeps serving the last good document meanwhile. */
  failure: Failure.nullable(),
  cardeaUrl: z.string(),
});
export type PipelineStatus = z.infer<typeof PipelineStatus>;

export const protocol = {
  getPipelineStatus: message({ request: z.undefined(), response: PipelineStatus, from: ['extension-page'] }),
  pollNow: message({ request: z.undefined(), response: PipelineStatus, from: ['extension-page'] }),
};

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type RequestOf<K extends MessageName> = z.input<Protocol[K]['request']>;
export type ResponseOf<K extends MessageName> = z.output<Protocol[K]['response']>;
