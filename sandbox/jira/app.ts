import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { World } from '../world';
import { identify } from './auth';
import { pageRoutes } from './pages';
import { restRouter } from './rest';
import { JiraHttpError, type JiraState } from './state';

const ResolveRequest = z.object({ resolution: z.string().min(1) });

/** `/__sandbox/jira/*`, no auth: what tests read and do behind the extension's back. */
function controlRoutes(jira: JiraState): Router {
  const router = Router();
  router.get('/__sandbox/jira/issues', (_req, res) => void res.json(jira.issues()));
  router.post('/__sandbox/jira/issues/:key/resolve', express.json(), (req, res) => {
    const parsed = ResolveRequest.safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({ errorMessages: ['body must be {"resolution": "<name>"}'], errors: {} });
    if (!jira.find(req.params.key))
      return void res.status(404).json({ errorMessages: ['Issue Does Not Exist'], errors: {} });
    jira.setResolution(req.params.key, parsed.data.resolution);
    res.json(jira.getIssue(req.params.key));
  });
  router.delete('/__sandbox/jira/sessions', (_req, res) => {
    jira.expireSessions();
    res.status(204).end();
  });
  router.use('/__sandbox/jira', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof JiraHttpError) return void res.status(error.status).json(error.body);
    next(error);
  });
  return router;
}

/** `_world` is unused: the seed tickets are made from it when JiraState is built. */
export function createJiraApp(_world: World, jira: JiraState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(controlRoutes(jira));
  const site = Router();
  site.use(identify(jira));
  site.use('/rest', restRouter(jira));
  site.use(pageRoutes(jira));
  app.use(jira.options.contextPath || '/', site);
  return app;
}
