import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ENCODINGS } from './publish';

// Serves a published snapshot folder the way a static web server would (and the nginx config in
// deploy/ does): strong ETags and 304s, precompressed br/gzip chosen by Accept-Encoding, run files
// cached for good (their names change with their content) and index.json revalidated on every poll.
// The root is resolved on every request, so a switch of `current` is seen at once.

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** The folder to serve, resolved per request (e.g. `{publishDir}/current`). */
  root: string;
  host?: string;
  port?: number;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The encodings the client accepts, best first among ours (q=0 refuses one). */
export function acceptedEncodings(header: string | undefined): string[] {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const qualityOf = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  return ENCODINGS.map((e) => e.encoding).filter((name) => qualityOf(name) > 0);
}

/** If-None-Match matches (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

interface Found {
  file: string;
  size: number;
  encoding: string | undefined;
  etag: string;
}

/** ETags are the hash of the file's bytes, kept while the file (inode, size, mtime) stays the same. */
class EtagCache {
  private readonly entries = new Map<string, { key: string; etag: string }>();

  async of(file: string, key: string): Promise<string> {
    const cached = this.entries.get(file);
    if (cached?.key === key) return cached.etag;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    const etag = hash.digest('base64url').slice(0, 27);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(file, { key, etag });
    return etag;
  }
}

async function fileInfo(file: string) {
  try {
    const info = await stat(file);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a URL path into the root; undefined for anything outside it or not a snapshot file. */
export function snapshotPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const parts = decoded.split('/').filter((part) => part !== '');
  if (parts.length === 0) parts.push('index.json');
  if (parts.some((part) => part === '.' || part === '..' || part.includes('\0') || part.includes('\\')))
    return undefined;
  if (!parts[parts.length - 1].endsWith('.json')) return undefined;
  return path.join(root, ...parts);
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const etags = new EtagCache();

  async function find(file: string, acceptEncoding: string | undefined): Promise<Found | undefined> {
    const plain = await fileInfo(file);
    if (!plain) return undefined;
    for (const encoding of acceptedEncodings(acceptEncoding)) {
      const suffix = ENCODINGS.find((e) => e.encoding === encoding)?.suffix ?? '';
      const info = await fileInfo(`${file}${suffix}`);
      if (!info) continue;
      const etag = await etags.of(`${file}${suffix}`, `${info.ino}-${info.size}-${info.mtimeMs}`);
      return { file: `${file}${suffix}`, size: info.size, encoding, etag: `"${etag}-${suffix.slice(1)}"` };
    }
    const etag = await etags.of(file, `${plain.ino}-${plain.size}-${plain.mtimeMs}`);
    return { file, size: plain.size, encoding: undefined, etag: `"${etag}"` };
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Expose-Headers', 'ETag');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': 'If-None-Match',
        'Access-Control-Max-Age': '86400',
      });
      response.end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD, OPTIONS', 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Only GET and HEAD\n');
      return;
    }
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = snapshotPath(options.root, urlPath);
    const found = file ? await find(file, request.headers['accept-encoding']) : undefined;
    if (!found) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
      response.end(`Not found: ${urlPath}\n`);
      return;
    }
    // Run, case and trend files are named by the hash of their content: a browser can keep them for good.
    const relative = path.relative(options.root, file ?? '');
    const isRunFile = ['runs', 'cases', 'trends'].some((folder) => relative.startsWith(`${folder}${path.sep}`));
    const headers: http.OutgoingHttpHeaders = {
      ETag: found.etag,
      'Cache-Control': isRunFile ? IMMUTABLE : 'no-cache',
      Vary: 'Accept-Encoding',
    };
    if (etagMatches(request.headers['if-none-match'], found.etag)) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': found.size,
      ...(found.encoding ? { 'Content-Encoding': found.encoding } : {}),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal error\n');
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  // Listening on every interface: the URL names this machine's loopback, which is one of them.
  const local = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  const host = local.includes(':') ? `[${local}]` : local;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
