import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { type z } from 'zod';
import type { QcNodeDto } from '../../lib/miso/schema';
import { MISO_QC_ENTITY_TYPES, QcNodeBody, RunBody } from './rest-bodies';
import { currentUser } from './auth';
import { MisoError } from './errors';
import type { MisoState } from './state';

// The session-authenticated `/rest/**` endpoints Bao uses (docs/qc-in-miso.md#qc-status-writes, docs/qc-in-miso.md#reading-misos-run-page). Errors are
// JSON `{requestUrl, detail, code, message, dataFormat, data}`; QC writes answer 204 with no body.

/**
 * MISO's JSON bodies arrive as `application/json; charset=utf8`, a charset name body-parser
 * refuses, so read the bytes and parse them here.
 */
const rawBody = express.raw({ type: () => true, limit: '50mb' });

/** MISO's string deserializer: tabs → spaces, trimmed, blank → null, `<` and `>` refused. */
function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    const cleaned = value.replace(/\t/g, ' ').trim();
    if (/[<>]/.test(cleaned)) throw new MisoError(400, 'Invalid request data: text may not contain < or >');
    return cleaned === '' ? null : cleaned;
  }
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)]));
  return value;
}

function jsonBody(req: Request): unknown {
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  try {
    return cleanStrings(JSON.parse(text));
  } catch (error) {
    if (error instanceof MisoError) throw error;
    throw new MisoError(400, 'Malformed JSON');
  }
}

function invalid(error: z.ZodError): MisoError {
  const data = Object.fromEntries(error.issues.map((i) => [i.path.join('.') || 'GENERAL', i.message]));
  return new MisoError(400, 'Validation failed', 'validation', data);
}

/** An unknown entityType is a null map lookup in MISO, which ends as a 500 (docs/qc-in-miso.md#qc-status-writes). */
function qcNode(raw: unknown): QcNodeDto {
  const entityType = raw && typeof raw === 'object' && 'entityType' in raw ? raw.entityType : undefined;
  if (!MISO_QC_ENTITY_TYPES.some((t) => t === entityType)) throw new MisoError(500, 'An unexpected error has occurred');
  const parsed = QcNodeBody.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export function sendRestError(req: Request, res: Response, error: unknown): void {
  const known = error instanceof MisoError ? error : new MisoError(500, 'An unexpected error has occurred');
  res.status(known.status).json({
    requestUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    detail: known.message,
    code: known.status,
    message: STATUS_CODES[known.status] ?? 'Error',
    dataFormat: known.dataFormat,
    data: known.data,
  });
}

/** Wraps a handler so that thrown errors become MISO's JSON error bodies. */
const rest =
  (handler: (req: Request, res: Response) => void) =>
  (req: Request, res: Response, _next: NextFunction): void => {
    try {
      handler(req, res);
    } catch (error) {
      if (!(error instanceof MisoError)) console.error('[sandbox/miso]', error);
      sendRestError(req, res, error);
    }
  };

function runId(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id)) throw new MisoError(404, `No run found with ID ${String(req.params.id)}`);
  return id;
}

export function restRoutes(app: Express, miso: MisoState): void {
  app.put(
    '/rest/qcstatuses',
    rawBody,
    rest((req, res) => {
      miso.applyQcNode(qcNode(jsonBody(req)), currentUser(res).username);
      res.status(204).end();
    }),
  );

  app.put(
    '/rest/qcstatuses/bulk',
    rawBody,
    rest((req, res) => {
      const body = jsonBody(req);
      if (!Array.isArray(body)) throw new MisoError(400, 'Malformed JSON');
      miso.applyQcNodes(body.map(qcNode), currentUser(res).username);
      res.status(204).end();
    }),
  );

  app.get(
    '/rest/runs/alias/:alias',
    rest((req, res) => {
      const run = miso.runByAlias(String(req.params.alias));
      if (!run) throw new MisoError(404, `No run found with alias ${String(req.params.alias)}`);
      res.json(miso.runDto(run));
    }),
  );

  app.get(
    '/rest/runs/:id',
    rest((req, res) => {
      const run = miso.run(runId(req));
      if (!run) throw new MisoError(404, `No run found with ID ${runId(req)}`);
      res.json(miso.runDto(run));
    }),
  );

  app.put(
    '/rest/runs/:id',
    rawBody,
    rest((req, res) => {
      const parsed = RunBody.safeParse(jsonBody(req));
      if (!parsed.success) throw invalid(parsed.error);
      res.json(miso.updateRun(runId(req), parsed.data, currentUser(res).username));
    }),
  );

  app.use(
    '/rest',
    rest(() => {
      throw new MisoError(404, 'Not found');
    }),
  );
}
