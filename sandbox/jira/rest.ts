import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { authOf, requireRestAuth, xsrfCheck } from './auth';
import { userJson } from './json';
import { issueRoutes } from './rest-issues';
import { apiContext, siteUrl } from './rest-util';
import { searchRoutes } from './rest-search';
import { JiraHttpError, jiraError, type JiraState } from './state';
import { ISSUE_TYPES } from './workflow';

export const JIRA_VERSION = '9.12.5';
export const JIRA_BUILD = 9120005;

function accountRoutes(jira: JiraState, version: '2' | '3'): Router {
  const router = Router();
  router.get('/myself', (req, res) => {
    const auth = authOf(req);
    if (!auth) throw jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
    const ctx = apiContext(jira, req, version);
    res.json({
      ...userJson(auth.user, ctx),
      locale: 'en_CA',
      groups: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    });
  });
  router.get('/project/:key', (req, res) => {
    const { key } = req.params;
    const project = jira.project;
    if (key.toUpperCase() !== project.key && key !== project.id) {
      throw jiraError(404, [`No project could be found with key '${key}'.`]);
    }
    const ctx = apiContext(jira, req, version);
    res.json({
      expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
      self: `${ctx.site}/rest/api/${version}/project/${project.id}`,
      ...project,
      description: 'Run QC notifications and lab requests.',
      lead: userJson(jira.user('tess'), ctx),
      issueTypes: ISSUE_TYPES.map((t) => ({ self: `${ctx.site}/rest/api/${version}/issuetype/${t.id}`, ...t })),
      projectTypeKey: 'business',
      archived: false,
    });
  });
  return router;
}

function serverInfo(jira: JiraState) {
  return (req: Request, res: Response) => {
    const cloud = jira.options.flavour === 'cloud';
    res.json({
      baseUrl: siteUrl(jira, req),
      version: cloud ? '1001.0.0-SNAPSHOT' : JIRA_VERSION,
      versionNumbers: cloud ? [1001, 0, 0] : JIRA_VERSION.split('.').map(Number),
      deploymentType: cloud ? 'Cloud' : 'Server',
      buildNumber: cloud ? 100000 : JIRA_BUILD,
      buildDate: '2024-01-15T00:00:00.000+0000',
      serverTime: new Date().toISOString().replace('Z', '+0000'),
      scmInfo: 'sandbox',
      serverTitle: 'Genomics Lab Jira (sandbox)',
    });
  };
}

const UNSUPPORTED_MEDIA = { errorMessages: ['Unsupported Media Type'], errors: {} };

/** `/rest/...`: v2 (also as `latest`) and v3, behind auth and the XSRF check. */
export function restRouter(jira: JiraState): Router {
  const router = Router();
  router.get(['/api/2/serverInfo', '/api/latest/serverInfo', '/api/3/serverInfo'], serverInfo(jira));
  router.use(requireRestAuth, xsrfCheck);
  router.use(express.json({ limit: '10mb' }));
  router.use((req, res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    if (hasBody && !req.is('application/json')) return void res.status(415).json(UNSUPPORTED_MEDIA);
    next();
  });
  for (const [prefix, version] of [
    ['/api/2', '2'],
    ['/api/latest', '2'],
    ['/api/3', '3'],
  ] as const) {
    router.use(prefix, accountRoutes(jira, version), searchRoutes(jira, version), issueRoutes(jira, version));
  }
  router.use((req, res) => {
    res.status(404).json({ errorMessages: [`null for uri: ${siteUrl(jira, req)}/rest${req.path}`], errors: {} });
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof JiraHttpError) return void res.status(error.status).json(error.body);
    const status = z.object({ status: z.number().int().min(400).max(499) }).safeParse(error);
    if (status.success) {
      return void res
        .status(status.data.status)
        .json({ errorMessages: ['Unexpected character in the request body.'], errors: {} });
    }
    res.status(500).json({ errorMessages: ['Internal server error'], errors: {} });
  });
  return router;
}
