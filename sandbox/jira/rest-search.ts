import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { FIELD_NAMES, issueJson, selectFields } from './json';
import { JqlError } from './jql';
import { apiContext, commaList, parseBody, queryInt, queryList, queryString } from './rest-util';
import { jiraError, type JiraIssueRecord, type JiraState } from './state';

// Data Center search (`/search`, startAt + total) and Cloud's enhanced search (`/search/jql`,
// nextPageToken, no total, ids only unless `fields` is given). docs/jira-and-nabu.md#jira-search.

const stringList = z.union([z.string().transform((s) => [s]), z.array(z.string())]);

const SearchBody = z.object({
  jql: z.string().optional(),
  startAt: z.number().int().nonnegative().optional(),
  maxResults: z.number().int().nonnegative().optional(),
  fields: stringList.optional(),
  expand: stringList.optional(),
});

const JqlSearchBody = z.object({
  jql: z.string().optional(),
  maxResults: z.number().int().positive().optional(),
  nextPageToken: z.string().nullish(),
  fields: stringList.optional(),
  expand: z.union([z.string(), z.array(z.string())]).optional(),
});

const PageToken = z.object({ offset: z.number().int().nonnegative(), jql: z.string() });

const SEARCH_GONE = {
  errorMessages: [
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. ' +
      'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  ],
  errors: {},
};

function runSearch(jira: JiraState, jql: string): JiraIssueRecord[] {
  try {
    return jira.search(jql);
  } catch (error) {
    if (error instanceof JqlError) throw jiraError(400, [error.message]);
    throw error;
  }
}

const encodeToken = (offset: number, jql: string) => Buffer.from(JSON.stringify({ offset, jql })).toString('base64url');

function decodeToken(token: string, jql: string): number {
  try {
    const parsed = PageToken.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (parsed.success && parsed.data.jql === jql) return parsed.data.offset;
  } catch {
    // falls through to the error below
  }
  throw jiraError(400, ['The provided next page token is invalid or expired.']);
}

export function searchRoutes(jira: JiraState, version: '2' | '3'): Router {
  const router = Router();

  const search = (req: Request, res: Response, input: z.infer<typeof SearchBody>) => {
    if (jira.options.flavour === 'cloud') return void res.status(410).json(SEARCH_GONE);
    const ctx = apiContext(jira, req, version);
    const found = runSearch(jira, input.jql ?? '');
    const startAt = input.startAt ?? 0;
    const maxResults = Math.min(input.maxResults ?? 50, 1000);
    const fields = selectFields(input.fields && commaList(input.fields), '*navigable');
    const expand = new Set(commaList(input.expand ?? []));
    // `names` and `schema` describe the fields once, at the top of a search response.
    const perIssue = new Set([...expand].filter((e) => e !== 'names' && e !== 'schema'));
    const described = [...fields];
    res.json({
      expand: 'schema,names',
      startAt,
      maxResults,
      total: found.length,
      issues: found
        .slice(startAt, startAt + maxResults)
        .map((issue) => issueJson(issue, jira, ctx, { fields, expand: perIssue })),
      ...(expand.has('names') ? { names: Object.fromEntries(described.map((f) => [f, FIELD_NAMES[f]])) } : {}),
      ...(expand.has('schema')
        ? { schema: Object.fromEntries(described.map((f) => [f, { type: 'any', system: f }])) }
        : {}),
    });
  };

  router.get('/search', (req, res) => {
    const fields = queryList(req, 'fields');
    search(req, res, {
      jql: queryString(req, 'jql'),
      startAt: queryInt(req, 'startAt', 0),
      maxResults: queryInt(req, 'maxResults', 50),
      fields: fields.length ? fields : undefined,
      expand: queryList(req, 'expand'),
    });
  });
  router.post('/search', (req, res) => search(req, res, parseBody(SearchBody, req.body)));

  const searchJql = (req: Request, res: Response, input: z.infer<typeof JqlSearchBody>) => {
    const jql = input.jql ?? '';
    if (!jql.trim()) {
      throw jiraError(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    const ctx = apiContext(jira, req, version);
    const found = runSearch(jira, jql);
    const offset = input.nextPageToken ? decodeToken(input.nextPageToken, jql) : 0;
    const requested = input.fields ? commaList(input.fields) : [];
    const maxResults = Math.min(input.maxResults ?? 50, requested.length ? 100 : 5000);
    const page = found.slice(offset, offset + maxResults);
    const fields = selectFields(requested, '*navigable');
    const expand = new Set(commaList(typeof input.expand === 'string' ? [input.expand] : (input.expand ?? [])));
    const isLast = offset + maxResults >= found.length;
    res.json({
      issues: page.map((issue) =>
        requested.length ? issueJson(issue, jira, ctx, { fields, expand }) : { id: issue.id },
      ),
      nextPageToken: isLast ? null : encodeToken(offset + maxResults, jql),
      isLast,
    });
  };

  router.get('/search/jql', (req, res) => {
    const fields = queryList(req, 'fields');
    const maxResults = Number(queryString(req, 'maxResults'));
    searchJql(req, res, {
      jql: queryString(req, 'jql'),
      maxResults: Number.isInteger(maxResults) && maxResults > 0 ? maxResults : undefined,
      nextPageToken: queryString(req, 'nextPageToken'),
      fields: fields.length ? fields : undefined,
      expand: queryList(req, 'expand'),
    });
  });
  router.post('/search/jql', (req, res) => searchJql(req, res, parseBody(JqlSearchBody, req.body)));

  return router;
}
