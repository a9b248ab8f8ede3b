import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchDocument } from './documents';

export interface DocumentServer {
  url: string;
  close(): Promise<void>;
}

/** A throwaway Cardea look-alike: `/timestamp` and `/dimsum` (streamed from the cached file), nothing else. */
export async function serveDocument(document: BenchDocument): Promise<DocumentServer> {
  const server = createServer((req, res) => {
    if (req.url === '/timestamp') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document.timestamp));
    } else if (req.url === '/dimsum') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': document.bytes });
      createReadStream(document.file, { highWaterMark: 64 * 1024 }).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
