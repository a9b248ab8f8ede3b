import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { generateCaseData } from '../../../sandbox/cardea/generator';

// A Cardea that answers `/timestamp` and `/dimsum` from whatever the test sets, counts the downloads,
// and can fail, send a broken document, or stall half-way through one.

export interface CardeaStub {
  url: string;
  /** The document `/dimsum` sends (its own `timestamp` is kept in step with `timestamp`). */
  doc: CaseDataInput;
  timestamp: string | null;
  /** Answer every request with this status instead. */
  failWith: number | undefined;
  /** Send the document cut off after this many bytes. */
  truncateAt: number | undefined;
  /** Send half the document, then nothing until the connection is closed. */
  stall: boolean;
  downloads: number;
  close(): Promise<void>;
}

export function smallDocument(seed = 1): CaseDataInput {
  return generateCaseData({ seed, runs: 4, librariesPerLane: 4, cases: 12, lanes: 2 });
}

export async function startCardea(doc: CaseDataInput = smallDocument()): Promise<CardeaStub> {
  const server = http.createServer((request, response) => {
    if (stub.failWith) {
      response.writeHead(stub.failWith, { 'Content-Type': 'text/plain' });
      response.end('Cardea is down');
      return;
    }
    if (request.url === '/timestamp') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(stub.timestamp));
      return;
    }
    if (request.url === '/dimsum') {
      stub.downloads += 1;
      const body = JSON.stringify({ ...stub.doc, timestamp: stub.timestamp });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      if (stub.stall) {
        response.write(body.slice(0, Math.floor(body.length / 2)));
        return;
      }
      response.end(stub.truncateAt === undefined ? body : body.slice(0, stub.truncateAt));
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const stub: CardeaStub = {
    url: `http://127.0.0.1:${port}`,
    doc,
    timestamp: '2026-11-20T06:00:00Z',
    failWith: undefined,
    truncateAt: undefined,
    stall: false,
    downloads: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return stub;
}
