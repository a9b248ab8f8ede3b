import { Router, type Request } from 'express';
import { z } from 'zod';
import { AdfDoc, adfToText } from './adf';
import { authOf } from './auth';
import { commentJson, issueJson, selectFields, transitionJson } from './json';
import { apiContext, commaList, parseBody, queryInt, queryList } from './rest-util';
import { jiraError, type JiraIssueRecord, type JiraState } from './state';
import { ISSUE_TYPES } from './workflow';

// Issues, comments and transitions (docs/jira-and-nabu.md#jira-issues-comments-and-transitions). v2 bodies
// are wiki strings; v3 bodies are ADF documents, stored as their text.

const Ref = z.object({ id: z.string().optional(), key: z.string().optional(), name: z.string().optional() });

const CreateBody = z.object({
  fields: z.looseObject({
    project: Ref.optional(),
    issuetype: Ref.optional(),
    summary: z.string().optional(),
    description: z.unknown().optional(),
    labels: z.array(z.string()).optional(),
  }),
});

const CommentBody = z.looseObject({ body: z.unknown() });

const TransitionBody = z.object({
  transition: z.object({ id: z.union([z.string(), z.number().transform(String)]).optional() }).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  update: z.looseObject({ comment: z.array(z.object({ add: z.object({ body: z.unknown() }) })).optional() }).optional(),
});

export function issueRoutes(jira: JiraState, version: '2' | '3'): Router {
  const router = Router();
  const ctxOf = (req: Request) => apiContext(jira, req, version);
  const userOf = (req: Request) => authOf(req)?.user.name ?? 'tess';
  const requireIssue = (key: string): JiraIssueRecord => {
    const issue = jira.find(key);
    if (!issue) throw jiraError(404, ['Issue Does Not Exist']);
    return issue;
  };
  /** A text body in this API version's format: a string for v2, an ADF document for v3. */
  const textOf = (value: unknown, field: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (version === '2') {
      if (typeof value !== 'string') throw jiraError(400, [], { [field]: `The ${field} must be a string.` });
      return value;
    }
    const doc = AdfDoc.safeParse(value);
    if (!doc.success) {
      throw jiraError(400, [], {
        [field]: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      });
    }
    return adfToText(doc.data);
  };

  router.get('/issue/:key', (req, res) => {
    const issue = requireIssue(req.params.key);
    const requested = queryList(req, 'fields');
    res.json(
      issueJson(issue, jira, ctxOf(req), {
        fields: selectFields(requested.length ? requested : undefined, '*all'),
        expand: new Set(commaList(queryList(req, 'expand'))),
      }),
    );
  });

  router.post('/issue', (req, res) => {
    const { fields } = parseBody(CreateBody, req.body);
    const errors: Record<string, string> = {};
    const project = fields.project;
    if (!project || !(project.key?.toUpperCase() === jira.project.key || project.id === jira.project.id)) {
      errors.project = project ? 'valid project is required' : 'project is required';
    }
    const type = ISSUE_TYPES.find((t) => t.name === fields.issuetype?.name || t.id === fields.issuetype?.id);
    if (!type) errors.issuetype = fields.issuetype ? 'valid issue type is required' : 'issue type is required';
    const summary = fields.summary?.trim() ?? '';
    if (!summary) errors.summary = 'You must specify a summary of the issue.';
    else if (/[\r\n]/.test(summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    const badLabel = fields.labels?.find((l) => /\s/.test(l) || l === '');
    if (badLabel !== undefined) errors.labels = `The label '${badLabel}' contains spaces which is invalid.`;
    const description = textOf(fields.description, 'description');
    if (Object.keys(errors).length > 0) throw jiraError(400, [], errors);
    const issue = jira.createIssue({
      summary,
      description: description ?? null,
      labels: fields.labels,
      issueType: type?.name,
      reporter: userOf(req),
    });
    res
      .status(201)
      .json({ id: issue.id, key: issue.key, self: `${ctxOf(req).site}/rest/api/${version}/issue/${issue.id}` });
  });

  router.delete('/issue/:key', (req, res) => {
    jira.deleteIssue(requireIssue(req.params.key).key);
    res.status(204).end();
  });

  router.get('/issue/:key/comment', (req, res) => {
    const issue = requireIssue(req.params.key);
    const startAt = queryInt(req, 'startAt', 0);
    const maxResults = queryInt(req, 'maxResults', 5000);
    const comments = issue.comments
      .slice(startAt, startAt + maxResults)
      .map((c) => commentJson(c, issue, jira, ctxOf(req)));
    res.json({ startAt, maxResults, total: issue.comments.length, comments });
  });

  router.post('/issue/:key/comment', (req, res) => {
    const issue = requireIssue(req.params.key);
    const body = textOf(parseBody(CommentBody, req.body).body, 'comment');
    if (!body?.trim()) throw jiraError(400, [], { comment: 'Comment body can not be empty!' });
    const comment = jira.addComment(issue.key, body, userOf(req));
    const stored = issue.comments.find((c) => c.id === comment.id) ?? comment;
    res.status(201).json(commentJson(stored, issue, jira, ctxOf(req)));
  });

  router.delete('/issue/:key/comment/:id', (req, res) => {
    jira.deleteComment(requireIssue(req.params.key).key, req.params.id, userOf(req));
    res.status(204).end();
  });

  router.get('/issue/:key/transitions', (req, res) => {
    const issue = requireIssue(req.params.key);
    const withFields = commaList(queryList(req, 'expand')).includes('transitions.fields');
    res.json({
      expand: 'transitions',
      transitions: jira.availableTransitions(issue.key).map((t) => transitionJson(t, ctxOf(req), withFields)),
    });
  });

  router.post('/issue/:key/transitions', (req, res) => {
    const issue = requireIssue(req.params.key);
    const body = parseBody(TransitionBody, req.body);
    const id = body.transition?.id;
    if (id === undefined) throw jiraError(400, ["Missing 'transition' identifier"]);
    const added = body.update?.comment?.map((c) => textOf(c.add.body, 'comment')).filter((c) => c !== undefined);
    jira.transition(issue.key, {
      id,
      fields: body.fields,
      comment: added?.join('\n\n') || undefined,
      author: userOf(req),
    });
    res.status(204).end();
  });

  return router;
}
