import { vi } from 'vitest';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { smallDocument, streamOf } from './document';

export const CARDEA = 'https://cardea.lab.org';

export type Fault = (path: string) => Response | Promise<Response> | undefined;

/** Cardea's `/timestamp` and `/dimsum` behind a stubbed `fetch`, with a log of the paths asked for. */
export class FakeCardea {
  timestamp = '2023-01-12T10:00:00Z';
  document: CaseDataInput = smallDocument(this.timestamp);
  calls: string[] = [];
  fault: Fault | undefined;
  /** Milliseconds before each answer (to overlap polls). */
  delayMs = 0;

  install(): this {
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      this.calls.push(url.pathname);
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (url.origin !== CARDEA) throw new TypeError('fetch failed');
      const faulty = await this.fault?.(url.pathname);
      if (faulty) return faulty;
      if (url.pathname === '/timestamp') return json(this.timestamp);
      if (url.pathname === '/dimsum') {
        const text = JSON.stringify({ ...this.document, timestamp: this.timestamp });
        return new Response(streamOf(text, 4096), {
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': String(new TextEncoder().encode(text).length),
          },
        });
      }
      return new Response('Not Found', { status: 404 });
    });
    return this;
  }

  /** Cardea reloads its ETL files: a new document and a later timestamp. */
  publish(
    document: CaseDataInput = this.document,
    timestamp = new Date(Date.parse(this.timestamp) + 60_000).toISOString(),
  ): void {
    this.document = document;
    this.timestamp = timestamp.replace(/\.\d{3}Z$/, 'Z');
  }

  count(path: string): number {
    return this.calls.filter((p) => p === path).length;
  }
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
