import type { Express, NextFunction, Request, Response } from 'express';
import { currentUser } from './auth';
import { MisoError } from './errors';
import { formBody, formField } from './form-body';
import { jacksonJson } from './html';
import { readMetricsRequest } from './metrics-request';
import { errorPage } from './pages/layout';
import { libraryAliquotPage, mainMenuPage, runListPage } from './pages/login-page';
import { metricsPage, type MetricsRow } from './pages/metrics-page';
import { runPage } from './pages/run-page';
import type { MisoRun } from './model';
import { isRunReviewer } from './sessions';
import type { MisoState } from './state';

// MISO's UI paths: HTML pages, and HTML error pages (docs/qc-in-miso.md#what-is-sent, docs/qc-in-miso.md#reading-misos-run-page).

function sendError(res: Response, status: number, message: string): void {
  res
    .status(status)
    .type('html')
    .send(errorPage(status, message, res.locals.user ? currentUser(res) : undefined));
}

const hostile = (req: Request) => req.query['hostile-css'] === '1';

function sendRun(req: Request, res: Response, run: MisoRun | undefined, missing: string, miso: MisoState): void {
  if (!run) return sendError(res, 404, missing);
  res.type('html').send(runPage(miso, run, currentUser(res), hostile(req)));
}

function metricsRows(miso: MisoState, data: string | undefined): MetricsRow[] {
  return readMetricsRequest(data).map((requested) => {
    const runLibrary = miso.findRunLibrary(requested.runId, requested.partitionNumber, requested.aliquotId);
    if (!runLibrary) throw new MisoError(404, 'Run-library not found');
    return {
      libraryAliquot: miso.libraryAliquotDto(runLibrary.aliquotId),
      metrics: requested.metrics,
      qcNodes: miso.qcNodes(runLibrary),
      runLibraryId: runLibrary.cardeaId,
    };
  });
}

export function uiRoutes(app: Express, miso: MisoState): void {
  app.get('/', (_req, res) => res.redirect(302, '/mainMenu'));

  const runLinks = () => [...miso.model.runs.values()].slice(0, 200).map((r) => ({ id: r.id, alias: r.alias }));
  app.get('/mainMenu', (_req, res) => void res.type('html').send(mainMenuPage(currentUser(res), runLinks())));
  app.get('/runs', (_req, res) => void res.type('html').send(runListPage(currentUser(res), runLinks())));

  app.get('/libraryaliquot/:id', (req, res) => {
    const id = Number(req.params.id);
    if (!miso.model.aliquots.has(id)) return sendError(res, 404, `No library aliquot found with ID ${req.params.id}`);
    const dto = miso.libraryAliquotDto(id);
    res
      .type('html')
      .send(
        libraryAliquotPage(currentUser(res), { id, name: dto.name, alias: dto.alias, libraryName: dto.libraryName }),
      );
  });

  app.get('/constants.js', (_req, res) => {
    res.set('Cache-Control', 'max-age=900');
    res.type('text/javascript').send(`Constants = ${jacksonJson(miso.constants())};`);
  });

  app.get('/run/alias/:alias', (req, res) => {
    const alias = String(req.params.alias);
    sendRun(req, res, miso.runByAlias(alias), `No run found with alias ${alias}`, miso);
  });

  app.get('/run/:id', (req, res) => {
    const id = String(req.params.id);
    sendRun(req, res, /^\d+$/.test(id) ? miso.run(Number(id)) : undefined, `No run found with ID ${id}`, miso);
  });

  app.post('/runlibraries/metrics', formBody, (req, res) => {
    let rows: MetricsRow[];
    try {
      rows = metricsRows(miso, formField(req, 'data'));
    } catch (error) {
      if (error instanceof MisoError) return sendError(res, error.status, error.message);
      throw error;
    }
    const user = currentUser(res);
    const statuses = miso.options.runLibraryQcStatuses;
    miso.metricsPagesShown.push(rows.map((r) => r.runLibraryId));
    res
      .type('html')
      .send(metricsPage({ rows, user, isRunReviewer: isRunReviewer(user), statuses, hostileCss: hostile(req) }));
  });

  app.all('/runlibraries/metrics', (req, res) => {
    res.set('Allow', 'POST');
    sendError(res, 405, `Request method '${req.method}' is not supported`);
  });
}

/** Last in the chain: unknown pages and unexpected errors as MISO's HTML error pages. */
export function uiFallbacks(app: Express): void {
  app.use((_req: Request, res: Response) => sendError(res, 404, 'The page you requested could not be found.'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error('[sandbox/miso]', error);
    const status = error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    sendError(res, status, status >= 500 ? 'An unexpected error has occurred' : 'Bad request');
  });
}
