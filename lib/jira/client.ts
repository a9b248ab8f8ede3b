import { z } from 'zod';
import { FetchError } from '../net/failure';
import { textOf, wikiToAdf } from './client-adf';
import { JiraHttp, jiraAuthorization, type JiraHttpOptions } from './client-http';
import {
  JiraComment,
  JiraCommentPage,
  JiraCreated,
  JiraIssue,
  JiraIssueFields,
  JiraMyself,
  JiraSearchJql,
  JiraSearchV2,
  JiraTransitions,
  JiraUserRef,
} from './schema';

// The one Jira REST client (docs/jira-and-nabu.md#jira-issues-comments-and-transitions,
// docs/jira-and-nabu.md#jira-search). Two flavours behind one interface: Data Center (REST v2, `/search` with
// startAt/total, Bearer PAT, wiki-text bodies) and Cloud (REST v3, `/search/jql` with nextPageToken and
// explicit fields, Basic email:token, ADF bodies). Callers see wiki text either way.

export type JiraFlavour = 'datacenter' | 'cloud';

export interface JiraClientConfig extends Pick<
  JiraHttpOptions,
  'retry' | 'timeoutMs' | 'signal' | 'sleep' | 'random' | 'onRetry'
> {
  /** The Jira site with its context path, e.g. `https://jira.lab.org/jira`. */
  baseUrl: string;
  flavour: JiraFlavour;
  project: string;
  /** The label every keeper ticket carries; '' for none. */
  label: string;
  token: string;
  /** Cloud only: the account's email address, the user half of Basic auth. */
  email?: string;
  issueType?: string;
}

/** A ticket as a search returns it (no description, no comments). */
export interface JiraTicket {
  id: string;
  key: string;
  summary: string;
  /** The resolution's name; null while unresolved. */
  resolution: string | null;
  created: string | null;
  /** The reporter's account (Data Center user name, Cloud account id). */
  reporter: string | null;
}

export interface JiraTicketComment {
  id: string;
  /** Wiki text (Cloud's ADF converted). */
  body: string;
  created: string;
  author: string | null;
}

export interface JiraTicketDetail extends JiraTicket {
  description: string | null;
  /** Oldest first, as Jira lists them. */
  comments: JiraTicketComment[];
}

export interface JiraAccount {
  /** Compared with `reporter` and comment `author`. */
  id: string;
  displayName: string;
}

export interface JiraTransitionInfo {
  id: string;
  name: string;
  /** The transition's screen has the Resolution field (`expand=transitions.fields`). */
  hasResolution: boolean;
  /** The resolutions it offers, when Jira lists them. */
  resolutions: string[] | null;
}

export interface TransitionInput {
  resolution?: string;
  comment?: string;
}

export interface JiraClient {
  readonly flavour: JiraFlavour;
  /** Every ticket whose summary is exactly `summary` (the JQL `~` is fuzzy), oldest first. */
  searchBySummary(summary: string): Promise<JiraTicket[]>;
  /** Every unresolved ticket of the project and label whose summary contains `suffix`, all pages. */
  searchOpen(suffix: string): Promise<JiraTicket[]>;
  getIssue(key: string): Promise<JiraTicketDetail>;
  createIssue(input: { summary: string; description: string }): Promise<{ id: string; key: string }>;
  addComment(key: string, body: string): Promise<JiraTicketComment>;
  deleteComment(key: string, commentId: string): Promise<void>;
  deleteIssue(key: string): Promise<void>;
  transitions(key: string): Promise<JiraTransitionInfo[]>;
  /** Runs the transition with this name; `resolution` is sent only where the transition's screen has it. */
  transition(key: string, name: string, input?: TransitionInput): Promise<void>;
  myself(): Promise<JiraAccount>;
}

const PAGE_SIZE = 50;
/** A runaway paging loop (a server that never says "last page") stops here. */
const MAX_PAGES = 400;
const SEARCH_FIELDS = ['summary', 'resolution', 'created', 'reporter'];
const ISSUE_FIELDS = [...SEARCH_FIELDS, 'description', 'comment'];

/** A JQL string literal: quotes and backslashes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export function summaryJql(project: string, label: string, summary: string, extra = ''): string {
  const clauses = [
    `project = ${jqlString(project)}`,
    ...(label ? [`labels = ${jqlString(label)}`] : []),
    `summary ~ ${jqlString(summary)}`,
  ];
  return `${clauses.join(' AND ')}${extra} ORDER BY key ASC`;
}

const KeeperFields = JiraIssueFields.extend({ reporter: JiraUserRef.nullish(), created: z.string().nullish() });
const KeeperIssue = JiraIssue.extend({ fields: KeeperFields });
type KeeperIssue = z.infer<typeof KeeperIssue>;
const SearchV2 = JiraSearchV2.extend({ issues: z.array(KeeperIssue) });
const SearchJql = JiraSearchJql.extend({ issues: z.array(KeeperIssue) });

const accountOf = (user: JiraUserRef | null | undefined): string | null =>
  user?.accountId ?? user?.name ?? user?.key ?? null;

function ticketOf(issue: KeeperIssue): JiraTicket {
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields.summary,
    resolution: issue.fields.resolution?.name ?? null,
    created: issue.fields.created ?? null,
    reporter: accountOf(issue.fields.reporter),
  };
}

function commentOf(comment: JiraComment): JiraTicketComment {
  return {
    id: comment.id,
    body: textOf(comment.body) ?? '',
    created: comment.created,
    author: accountOf(comment.author),
  };
}

const keyNumber = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));

/** Oldest first: by creation time, then by key number (Jira numbers keys in creation order). */
export function compareTickets(a: Pick<JiraTicket, 'key' | 'created'>, b: Pick<JiraTicket, 'key' | 'created'>): number {
  const time = (t: Pick<JiraTicket, 'created'>) => (t.created ? Date.parse(t.created) : Number.NaN);
  const [ta, tb] = [time(a), time(b)];
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  return keyNumber(a.key) - keyNumber(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function missingTransition(url: string, key: string, name: string, available: JiraTransitionInfo[]): FetchError {
  const names = available.map((t) => `"${t.name}"`).join(', ') || 'none';
  const detail = `${key} has no "${name}" transition now (available: ${names})`;
  return new FetchError({ kind: 'http', system: 'Jira', url, detail });
}

/** Jira's answer when a resolution is missing or not on the screen (docs/jira-and-nabu.md#jira-workflow); the message names the field. */
const resolutionComplaint = (error: unknown, pattern: RegExp) =>
  error instanceof FetchError &&
  error.failure.kind === 'http' &&
  error.failure.status === 400 &&
  pattern.test(error.failure.detail ?? '');

export function createJiraClient(config: JiraClientConfig): JiraClient {
  const { flavour, project, label } = config;
  const cloud = flavour === 'cloud';
  const api = `/rest/api/${cloud ? 3 : 2}`;
  const http = new JiraHttp({ ...config, authorization: jiraAuthorization(flavour, config.token, config.email) });
  const body = (text: string) => (cloud ? wikiToAdf(text) : text);

  async function search(jql: string): Promise<JiraTicket[]> {
    const found: JiraTicket[] = [];
    if (cloud) {
      let nextPageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await http.json(SearchJql, `${api}/search/jql`, {
          query: { jql, maxResults: PAGE_SIZE, fields: SEARCH_FIELDS.join(','), nextPageToken },
        });
        found.push(...result.issues.map(ticketOf));
        if (!result.nextPageToken || result.isLast === true) break;
        nextPageToken = result.nextPageToken;
      }
      return found;
    }
    for (let page = 0, startAt = 0; page < MAX_PAGES; page += 1) {
      const result = await http.json(SearchV2, `${api}/search`, {
        query: { jql, startAt, maxResults: PAGE_SIZE, fields: SEARCH_FIELDS.join(',') },
      });
      found.push(...result.issues.map(ticketOf));
      startAt += result.issues.length;
      if (result.issues.length === 0 || startAt >= result.total) break;
    }
    return found;
  }

  async function allComments(key: string, page: z.infer<typeof JiraCommentPage> | undefined): Promise<JiraComment[]> {
    const comments = [...(page?.comments ?? [])];
    // Get-issue embeds a first page of comments; a long history is paged through the comment endpoint.
    while (page && comments.length < page.total) {
      const next = await http.json(JiraCommentPage, `${api}/issue/${encodeURIComponent(key)}/comment`, {
        query: { startAt: comments.length, maxResults: 100 },
      });
      if (next.comments.length === 0) break;
      comments.push(...next.comments);
    }
    return comments;
  }

  async function transitions(key: string): Promise<JiraTransitionInfo[]> {
    const result = await http.json(JiraTransitions, `${api}/issue/${encodeURIComponent(key)}/transitions`, {
      query: { expand: 'transitions.fields' },
    });
    return result.transitions.map((t) => {
      const field = t.fields?.resolution;
      const resolutions = field?.allowedValues?.map((v) => v.name) ?? null;
      return { id: t.id, name: t.name, hasResolution: field !== undefined, resolutions };
    });
  }

  return {
    flavour,

    async searchBySummary(summary) {
      const matches = await search(summaryJql(project, label, summary));
      return matches.filter((t) => t.summary === summary).sort(compareTickets);
    },

    async searchOpen(suffix) {
      return search(summaryJql(project, label, suffix, ' AND resolution = Unresolved'));
    },

    async getIssue(key) {
      const issue = await http.json(KeeperIssue, `${api}/issue/${encodeURIComponent(key)}`, {
        query: { fields: ISSUE_FIELDS.join(',') },
      });
      const comments = await allComments(key, issue.fields.comment);
      return { ...ticketOf(issue), description: textOf(issue.fields.description), comments: comments.map(commentOf) };
    },

    async createIssue({ summary, description }) {
      const created = await http.json(JiraCreated, `${api}/issue`, {
        method: 'POST',
        body: {
          fields: {
            project: { key: project },
            issuetype: { name: config.issueType ?? 'Task' },
            summary,
            description: body(description),
            ...(label ? { labels: [label] } : {}),
          },
        },
      });
      return { id: created.id, key: created.key };
    },

    async addComment(key, text) {
      const posted = await http.json(JiraComment, `${api}/issue/${encodeURIComponent(key)}/comment`, {
        method: 'POST',
        body: { body: body(text) },
      });
      return commentOf(posted);
    },

    deleteComment: (key, commentId) =>
      http.noContent(`${api}/issue/${encodeURIComponent(key)}/comment/${encodeURIComponent(commentId)}`, {
        method: 'DELETE',
      }),

    deleteIssue: (key) => http.noContent(`${api}/issue/${encodeURIComponent(key)}`, { method: 'DELETE' }),

    transitions,

    async transition(key, name, input = {}) {
      const path = `${api}/issue/${encodeURIComponent(key)}/transitions`;
      const available = await transitions(key);
      const wanted = name.trim().toLowerCase();
      const chosen = available.find((t) => t.name.trim().toLowerCase() === wanted);
      if (!chosen) throw missingTransition(http.url(path), key, name, available);
      const { resolution, comment } = input;
      const offered = chosen.resolutions;
      if (resolution !== undefined && offered && !offered.some((r) => r.toLowerCase() === resolution.toLowerCase())) {
        const detail = `the "${chosen.name}" transition does not offer the resolution "${resolution}" (it offers ${offered.join(', ')})`;
        throw new FetchError({ kind: 'http', system: 'Jira', url: http.url(path), detail });
      }
      const post = (withResolution: boolean) =>
        http.noContent(path, {
          method: 'POST',
          body: {
            transition: { id: chosen.id },
            ...(withResolution && resolution !== undefined ? { fields: { resolution: { name: resolution } } } : {}),
            ...(comment !== undefined ? { update: { comment: [{ add: { body: body(comment) } }] } } : {}),
          },
        });
      const withResolution = resolution !== undefined && chosen.hasResolution;
      try {
        await post(withResolution);
      } catch (error) {
        // The transitions expand can under-report the screen (docs/jira-and-nabu.md#jira-workflow): Jira's own 400 is the real signal.
        if (resolution === undefined) throw error;
        if (!withResolution && resolutionComplaint(error, /resolution.*required/i)) return post(true);
        if (withResolution && resolutionComplaint(error, /resolution.*cannot be set/i)) return post(false);
        throw error;
      }
    },

    async myself() {
      const me = await http.json(JiraMyself, `${api}/myself`);
      return { id: 'accountId' in me ? me.accountId : me.name, displayName: me.displayName };
    },
  };
}
