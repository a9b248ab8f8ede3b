import express, { type Express, type Response } from 'express';
import { z } from 'zod';
import type { CaseDataInput } from '../../lib/cardea/schema';
import type { World } from '../world';
import { CardeaLoading } from './loading';
import { serializeCaseData } from './serialize';

const RestartRequest = z.object({ loadingMs: z.number().int().nonnegative().optional() });

/** Pieces are joined into writes of about this size: fewer syscalls than one write per case. */
const CHUNK_BYTES = 256 * 1024;

interface CachedDocument {
  caseData: CaseDataInput;
  timestamp: string;
  chunks: Buffer[];
  bytes: number;
}

/** Groups the serializer's pieces into buffers of about CHUNK_BYTES, handing each to `collect` as it goes. */
function* buffered(pieces: Iterable<string>, collect: (chunk: Buffer) => void): Generator<Buffer> {
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length < CHUNK_BYTES) continue;
    const chunk = Buffer.from(pending.join(''));
    pending = [];
    length = 0;
    collect(chunk);
    yield chunk;
  }
  if (pending.length > 0) {
    const chunk = Buffer.from(pending.join(''));
    collect(chunk);
    yield chunk;
  }
}

/** Resolves true on 'drain', false if the client went away first. */
function drained(res: Response): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = finish(true);
    const onClose = finish(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** Writes every chunk, waiting for the socket to drain; false if the client disconnected part-way. */
async function send(res: Response, chunks: Iterable<Buffer>): Promise<boolean> {
  for (const chunk of chunks) {
    if (res.destroyed) return false;
    if (!res.write(chunk) && !(await drained(res))) return false;
  }
  res.end();
  return true;
}

/**
 * Cardea's API on the paths Dimsum (and Bao) use (docs/qc-rules.md#cardeas-document). `/dimsum` streams the World's document;
 * its serialized bytes are kept until the timestamp moves, the way Cardea reloads only when the ETL's
 * timestamp changes.
 */
export function createCardeaApp(world: World, loading = new CardeaLoading()): Express {
  const app = express();
  app.disable('x-powered-by');
  let cache: CachedDocument | null = null;

  // How often each path was asked for (GET /__sandbox/cardea/requests): tests count `/dimsum` downloads.
  const requests = new Map<string, number>();
  app.use((req, _res, next) => {
    if (!req.path.startsWith('/__sandbox/')) requests.set(req.path, (requests.get(req.path) ?? 0) + 1);
    next();
  });
  app.get('/__sandbox/cardea/requests', (_req, res) => {
    res.json(Object.fromEntries(requests));
  });

  // A restart: `{}` keeps Cardea unloaded until `/__sandbox/cardea/load`; `{"loadingMs": N}` for N ms.
  app.post('/__sandbox/cardea/restart', express.json(), (req, res) => {
    const parsed = RestartRequest.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ errors: parsed.error.issues.map((i) => i.message) });
    loading.restart(parsed.data.loadingMs);
    res.status(204).end();
  });
  app.post('/__sandbox/cardea/load', (_req, res) => {
    loading.load();
    res.status(204).end();
  });

  // Before the first load both controllers return null: a 200 with no body at all (not the JSON `null`).
  app.use(['/timestamp', '/dimsum'], (req, res, next) => {
    if (req.method !== 'GET' || loading.loaded) return next();
    res.status(200).end();
  });

  app.get('/', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><html><head><title>Cardea sandbox</title></head><body><h1>Cardea sandbox</h1></body></html>',
      );
  });

  app.get('/timestamp', (_req, res) => {
    res.type('application/json').send(JSON.stringify(world.timestamp));
  });

  app.get('/dimsum', async (_req, res) => {
    const { caseData, timestamp } = world;
    res.status(200).type('application/json');
    if (cache && cache.caseData === caseData && cache.timestamp === timestamp) {
      res.setHeader('Content-Length', cache.bytes);
      await send(res, cache.chunks);
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    const pieces = buffered(serializeCaseData({ ...caseData, timestamp }), (chunk) => {
      chunks.push(chunk);
      bytes += chunk.length;
    });
    try {
      const complete = await send(res, pieces);
      // An ETL update that landed mid-download may have mixed old and new data: don't keep it.
      if (complete && world.timestamp === timestamp && world.caseData === caseData) {
        cache = { caseData, timestamp, chunks, bytes };
      }
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : undefined);
    }
  });

  // Spring Boot's error body for unknown paths.
  app.use((req, res) => {
    res.status(404).json({
      timestamp: new Date().toISOString().replace('Z', '+00:00'),
      status: 404,
      error: 'Not Found',
      path: req.path,
    });
  });
  return app;
}
