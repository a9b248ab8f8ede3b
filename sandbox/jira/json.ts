import { textToAdf } from './adf';
import type { JiraCommentRecord, JiraIssueRecord, JiraState } from './state';
import type { JiraUser } from './users';
import { renderWiki } from './wiki';
import {
  findResolution,
  ISSUE_TYPES,
  RESOLUTIONS,
  STATUS_CATEGORIES,
  STATUSES,
  type StatusName,
  type Transition,
} from './workflow';

/** How one REST call wants its JSON: which site (with context path), API version, and Cloud or DC shapes. */
export interface ApiContext {
  site: string;
  version: '2' | '3';
  /** Cloud user objects (accountId, no name/key): the Cloud flavour, and v3 everywhere. */
  cloudUsers: boolean;
}

const api = (ctx: ApiContext) => `${ctx.site}/rest/api/${ctx.version}`;

const FALLBACK_USER: JiraUser = {
  name: 'former.user',
  key: 'JIRAUSER10000',
  accountId: '712020:00000000-0000-0000-0000-000000000000',
  displayName: 'Former user',
  emailAddress: '',
  password: null,
  token: '',
  timeZone: 'UTC',
};

export function userJson(user: JiraUser | undefined, ctx: ApiContext) {
  const u = user ?? FALLBACK_USER;
  const avatar = `${ctx.site}/secure/useravatar?avatarId=10122`;
  const avatarUrls = { '48x48': avatar, '16x16': `${avatar}&size=xsmall` };
  if (ctx.cloudUsers) {
    return {
      self: `${api(ctx)}/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      accountType: 'atlassian',
      emailAddress: u.emailAddress,
      avatarUrls,
      displayName: u.displayName,
      active: true,
      timeZone: u.timeZone,
    };
  }
  return {
    self: `${api(ctx)}/user?username=${encodeURIComponent(u.name)}`,
    name: u.name,
    key: u.key,
    emailAddress: u.emailAddress,
    avatarUrls,
    displayName: u.displayName,
    active: true,
    timeZone: u.timeZone,
  };
}

export function statusJson(name: StatusName, ctx: ApiContext) {
  const status = STATUSES[name];
  const category = STATUS_CATEGORIES[status.category];
  return {
    self: `${api(ctx)}/status/${status.id}`,
    description: status.description,
    iconUrl: `${ctx.site}/images/icons/statuses/generic.png`,
    name,
    id: status.id,
    statusCategory: { self: `${api(ctx)}/statuscategory/${category.id}`, ...category },
  };
}

export function resolutionJson(name: string, ctx: ApiContext) {
  const r = findResolution({ name }) ?? { id: '0', name, description: '' };
  return { self: `${api(ctx)}/resolution/${r.id}`, id: r.id, description: r.description, name: r.name };
}

export function commentJson(comment: JiraCommentRecord, issue: JiraIssueRecord, jira: JiraState, ctx: ApiContext) {
  const author = userJson(jira.user(comment.author), ctx);
  return {
    self: `${api(ctx)}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author,
    body: ctx.version === '3' ? textToAdf(comment.body) : comment.body,
    updateAuthor: author,
    created: comment.created,
    updated: comment.updated,
    ...(ctx.cloudUsers ? { jsdPublic: true } : {}),
  };
}

export function transitionJson(t: Transition, ctx: ApiContext, withFields: boolean) {
  const fields = Object.fromEntries(
    t.screenFields.map((key) => [
      key,
      {
        required: true,
        schema: { type: 'resolution', system: 'resolution' },
        name: 'Resolution',
        key,
        hasDefaultValue: false,
        operations: ['set'],
        allowedValues: RESOLUTIONS.map((r) => resolutionJson(r.name, ctx)),
      },
    ]),
  );
  return {
    id: t.id,
    name: t.name,
    to: statusJson(t.to, ctx),
    hasScreen: t.screenFields.length > 0,
    isGlobal: false,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
    ...(withFields ? { fields } : {}),
  };
}

export const FIELD_NAMES: Record<string, string> = {
  summary: 'Summary',
  issuetype: 'Issue Type',
  project: 'Project',
  labels: 'Labels',
  status: 'Status',
  resolution: 'Resolution',
  resolutiondate: 'Resolved',
  created: 'Created',
  updated: 'Updated',
  description: 'Description',
  reporter: 'Reporter',
  creator: 'Creator',
  assignee: 'Assignee',
  priority: 'Priority',
  comment: 'Comment',
};
const NAVIGABLE = Object.keys(FIELD_NAMES).filter((f) => f !== 'comment');

/** Jira's `fields` parameter: names, `*all`, `*navigable`, `-name`; with only exclusions, the default set minus those. */
export function selectFields(requested: string[] | undefined, fallback: '*all' | '*navigable'): Set<string> {
  const tokens = (requested ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean);
  const positive = tokens.filter((t) => !t.startsWith('-'));
  const chosen = new Set<string>();
  for (const token of positive.length ? positive : [fallback]) {
    if (token === '*all') Object.keys(FIELD_NAMES).forEach((f) => chosen.add(f));
    else if (token === '*navigable') NAVIGABLE.forEach((f) => chosen.add(f));
    else if (token in FIELD_NAMES) chosen.add(token);
  }
  for (const token of tokens.filter((t) => t.startsWith('-'))) chosen.delete(token.slice(1));
  return chosen;
}

export interface IssueJsonOptions {
  fields: Set<string>;
  expand?: Set<string>;
}

export function issueJson(issue: JiraIssueRecord, jira: JiraState, ctx: ApiContext, options: IssueJsonOptions) {
  const issueType = ISSUE_TYPES.find((t) => t.name === issue.issueType) ?? ISSUE_TYPES[0];
  const reporter = userJson(jira.user(issue.reporter), ctx);
  const comments = issue.comments.map((c) => commentJson(c, issue, jira, ctx));
  const all: Record<string, unknown> = {
    summary: issue.summary,
    issuetype: {
      self: `${api(ctx)}/issuetype/${issueType.id}`,
      ...issueType,
      iconUrl: `${ctx.site}/images/icons/issuetypes/task.svg`,
    },
    project: { self: `${api(ctx)}/project/${jira.project.id}`, ...jira.project, projectTypeKey: 'business' },
    labels: [...issue.labels],
    status: statusJson(issue.status, ctx),
    resolution: issue.resolution === null ? null : resolutionJson(issue.resolution, ctx),
    resolutiondate: issue.resolutionDate,
    created: issue.created,
    updated: issue.updated,
    description: ctx.version === '3' ? textToAdf(issue.description) : issue.description,
    reporter,
    creator: reporter,
    assignee: null,
    priority: {
      self: `${api(ctx)}/priority/3`,
      iconUrl: `${ctx.site}/images/icons/priorities/medium.svg`,
      name: 'Medium',
      id: '3',
    },
    comment: { comments, maxResults: comments.length, total: comments.length, startAt: 0 },
  };
  const fields = Object.fromEntries(Object.entries(all).filter(([name]) => options.fields.has(name)));
  const expand = options.expand ?? new Set<string>();
  const json: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${api(ctx)}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  if (expand.has('renderedFields')) {
    json.renderedFields = {
      description: issue.description === null ? null : renderWiki(issue.description).value,
      comment: {
        comments: issue.comments.map((c) => ({ ...commentJson(c, issue, jira, ctx), body: renderWiki(c.body).value })),
      },
    };
  }
  if (expand.has('names')) json.names = Object.fromEntries(Object.keys(fields).map((f) => [f, FIELD_NAMES[f]]));
  if (expand.has('schema'))
    json.schema = Object.fromEntries(Object.keys(fields).map((f) => [f, { type: 'any', system: f }]));
  if (expand.has('transitions')) {
    json.transitions = jira
      .availableTransitions(issue.key)
      .map((t) => transitionJson(t, ctx, expand.has('transitions.fields')));
  }
  return json;
}
