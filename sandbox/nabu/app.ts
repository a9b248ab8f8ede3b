import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { World } from '../world';
import { corsDefaults, forceJsonType, helmetHeaders, nabuErrors } from './http';
import type { NabuState } from './state';
import { NabuValidationError, validateSignoff } from './validate';

const DbFailureRequest = z.object({
  afterRows: z.number().int().nonnegative(),
  times: z.number().int().positive().optional(),
});

const HttpError = z.object({ status: z.number().int().min(400).max(599), message: z.string() });

const API_DOCS = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nabu API (sandbox)</title></head>
<body><h1>Nabu (sandbox stand-in)</h1><p>Case sign-offs, all with an <code>X-API-KEY</code> header:</p><ul>
<li>GET /case/sign-off</li><li>GET /case/{caseIdentifier}/sign-off</li><li>POST /case/{caseIdentifier}/sign-off</li>
<li>POST /case/sign-off</li><li>POST /token</li></ul></body></html>`;

/** Express 5 leaves `req.body` undefined when no parser ran; Nabu's Express 4 saw `{}`. */
function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
}

function sendFailure(res: Response, error: unknown, fallback: string): void {
  if (error instanceof NabuValidationError) return void res.status(400).json(nabuErrors(error.message));
  res.status(500).json(nabuErrors(fallback));
}

/** `_world` is unused here: the ETL reaches the world through NabuState. */
export function createNabuApp(_world: World, nabu: NabuState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmetHeaders, corsDefaults);
  app.use(express.json({ limit: '50mb' }));

  app.get('/', (_req, res) => res.redirect(302, '/api-docs'));
  app.get('/api-docs', (_req, res) => void res.type('html').send(API_DOCS));

  app.get('/__sandbox/nabu/rows', (_req, res) => void res.json(nabu.rows));
  app.post('/__sandbox/nabu/db-failure', (req, res) => {
    const parsed = DbFailureRequest.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json(nabuErrors(...parsed.error.issues.map((i) => i.message)));
    nabu.injectDbFailure(parsed.data);
    res.status(204).end();
  });

  app.use(forceJsonType);
  const requireKey = (req: Request, res: Response, next: NextFunction) => {
    if (nabu.isValidKey(req.get('X-API-KEY'))) return next();
    res.status(401).json(nabuErrors('Unable to authenticate submission'));
  };

  app.get('/case/sign-off', requireKey, (_req, res) => void res.json(nabu.latest()));

  app.get('/case/:caseIdentifier/sign-off', requireKey, (req, res) => {
    res.json(nabu.latest(String(req.params.caseIdentifier)));
  });

  app.post('/case/sign-off', requireKey, (req, res) => {
    const body = bodyOf(req);
    const caseIdentifiers: unknown = body.caseIdentifiers;
    if (!Array.isArray(caseIdentifiers)) {
      return sendFailure(res, new TypeError('caseIdentifiers is not iterable'), 'Error adding multiple sign-offs');
    }
    // Each case has its own try: the first failure is the answer (named after its case), and the loop goes on.
    const { rows, failure } = nabu.insertEach(caseIdentifiers.map(String), () => validateSignoff(body));
    if (failure) return sendFailure(res, failure.error, `Error adding sign-off ${failure.caseIdentifier}`);
    res.status(201).json(rows);
  });

  app.post('/case/:caseIdentifier/sign-off', requireKey, (req, res) => {
    try {
      const row = nabu.insert({ ...validateSignoff(bodyOf(req)), caseIdentifier: String(req.params.caseIdentifier) });
      res.status(201).json(row);
    } catch (error) {
      sendFailure(res, error, 'Error adding sign-off');
    }
  });

  app.post('/token', requireKey, (req, res) => {
    try {
      res.status(201).json({ 'X-API-KEY': nabu.createToken(bodyOf(req).username) });
    } catch {
      res.status(500).json(nabuErrors('Error adding API key'));
    }
  });

  // Express's own errors (malformed JSON, a `%` in the path that does not decode) carry a status and a message;
  // Nabu's handler sends that message as `errors`, a string rather than its usual list. Anything else is unexpected.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const known = HttpError.safeParse(error);
    if (!known.success) return void res.status(500).json(nabuErrors('An unexpected error has occurred.'));
    res.status(known.data.status).json({ errors: known.data.message });
  });
  return app;
}
