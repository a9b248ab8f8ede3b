import express, { type Express } from 'express';
import { fileURLToPath } from 'node:url';
import type { World } from '../world';
import { authRoutes, legacyPrefix, requireSession } from './auth';
import { restRoutes } from './rest';
import type { MisoState } from './state';
import { uiFallbacks, uiRoutes } from './ui';

// The MISO stand-in (docs/qc-in-miso.md#miso-as-bao-relies-on-it): login and sessions, the Edit Run page, the
// Run-Library Metrics page, `/constants.js` and the `/rest` endpoints Bao uses. Mount it after the fault
// middleware.

const STATIC = fileURLToPath(new URL('./static/', import.meta.url));

export function createMisoApp(_world: World, miso: MisoState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(legacyPrefix);

  app.post('/__sandbox/miso/expire-sessions', (_req, res) => {
    miso.expireSessions();
    res.status(204).end();
  });
  app.use('/scripts', express.static(`${STATIC}scripts`, { fallthrough: false }));
  app.use('/styles', express.static(`${STATIC}styles`, { fallthrough: false }));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());

  authRoutes(app, miso);
  app.use(requireSession(miso));
  restRoutes(app, miso);
  uiRoutes(app, miso);
  uiFallbacks(app);
  return app;
}
