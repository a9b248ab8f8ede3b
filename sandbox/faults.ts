import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

export const SystemId = z.enum(['cardea', 'miso', 'jira', 'nabu']);
export type SystemId = z.infer<typeof SystemId>;

/**
 * A fault applies to requests of one system whose path starts with `path` (and method, if given).
 * `every: 2` hits every second matching request (fail half); `times: 3` only the next three.
 */
export const FaultRule = z.object({
  system: SystemId,
  path: z.string().startsWith('/'),
  method: z.string().toUpperCase().optional(),
  latencyMs: z.number().int().nonnegative().optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  body: z.string().optional(),
  /** Send only the first half of the real body, then cut the connection. */
  truncate: z.boolean().optional(),
  /** Replace the real body with text that is not JSON. */
  malformed: z.boolean().optional(),
  /** Drop the connection without an answer (the request never reaches the system). */
  reset: z.boolean().optional(),
  times: z.number().int().positive().optional(),
  every: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;
export type FaultInput = z.input<typeof FaultRule>;

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  applied: number;
}

export class FaultStore {
  private rules: ActiveRule[] = [];

  add(input: FaultInput): void {
    this.rules.push({ rule: FaultRule.parse(input), seen: 0, applied: 0 });
  }

  clear(system?: SystemId): void {
    this.rules = system ? this.rules.filter((r) => r.rule.system !== system) : [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Decides whether this request is hit, and counts it. */
  take(system: SystemId, method: string, path: string): FaultRule | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.system !== system || !path.startsWith(rule.path)) continue;
      if (rule.method && rule.method !== method.toUpperCase()) continue;
      if (rule.times !== undefined && active.applied >= rule.times) continue;
      active.seen += 1;
      if (rule.every !== undefined && active.seen % rule.every !== 0) continue;
      active.applied += 1;
      return rule;
    }
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Express middleware: put it before a system's routes. Control paths under /__sandbox are never hit. */
export function faultMiddleware(store: FaultStore, system: SystemId) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path.startsWith('/__sandbox')) return next();
    const rule = store.take(system, req.method, req.path);
    if (!rule) return next();
    if (rule.latencyMs) await sleep(rule.latencyMs);
    if (rule.reset) return void req.socket.destroy();
    if (rule.status !== undefined) {
      if (rule.retryAfterSeconds !== undefined) res.set('Retry-After', String(rule.retryAfterSeconds));
      res.status(rule.status).type(rule.body?.trim().startsWith('{') ? 'application/json' : 'text/plain');
      res.send(rule.body ?? `Sandbox fault: HTTP ${rule.status}`);
      return;
    }
    if (rule.truncate || rule.malformed) rewriteBody(res, rule);
    next();
  };
}

/** Buffers the real response and replaces it; only used with small test documents. */
function rewriteBody(res: Response, rule: FaultRule): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const toBuffer = (chunk: unknown, encoding?: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  res.write = ((chunk: unknown, encoding?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
    const full = Buffer.concat(chunks);
    res.removeHeader('Content-Length');
    res.removeHeader('ETag');
    if (rule.malformed) {
      const broken = Buffer.from(`{"sandbox": "malformed on purpose", ${full.subarray(0, 64).toString('utf8')}`);
      res.setHeader('Content-Length', broken.length);
      return end(broken);
    }
    // Promise the whole length, send half, then drop the connection: a truncated download.
    res.setHeader('Content-Length', full.length);
    write(full.subarray(0, Math.floor(full.length / 2)));
    setTimeout(() => res.socket?.destroy(), 20);
    return res;
  }) as typeof res.end;
}
