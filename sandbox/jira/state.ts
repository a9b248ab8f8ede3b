import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { World } from '../world';
import { runJql, type JqlIssue } from './jql';
import { seedTickets, type SeededTickets } from './seed';
import { SANDBOX_JIRA_USERS, type JiraUser } from './users';
import {
  findResolution,
  ISSUE_TYPES,
  RESOLUTIONS,
  statusNames,
  TRANSITIONS,
  transitionsFrom,
  type StatusName,
  type Transition,
} from './workflow';

export interface JiraOptions {
  project: string;
  flavour: 'datacenter' | 'cloud';
  seedTickets: boolean;
  /** Self-hosted Jira often lives under a path such as `/jira`; '' for the root. */
  contextPath: string;
  /** The "Delete Issues" project permission; many labs grant it to no one, so callers must cope without it. */
  deleteIssues: boolean;
}

export const DEFAULT_JIRA_OPTIONS: JiraOptions = {
  project: 'GLT',
  flavour: 'datacenter',
  seedTickets: true,
  contextPath: '',
  deleteIssues: true,
};

export interface JiraCommentRecord {
  id: string;
  /** Wiki markup (or the text of an ADF document posted through v3). */
  body: string;
  author: string;
  created: string;
  updated: string;
}

export interface JiraIssueRecord extends JqlIssue {
  status: StatusName;
  resolutionDate: string | null;
  comments: JiraCommentRecord[];
}

export interface NewIssue {
  summary: string;
  description?: string | null;
  labels?: string[];
  reporter?: string;
  issueType?: string;
  /** Epoch ms; the clock still keeps every timestamp strictly increasing. */
  at?: number;
}

export interface TransitionRequest {
  id: string;
  fields?: Record<string, unknown>;
  comment?: string;
  author?: string;
  at?: number;
}

export interface JiraErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** An error the REST layer sends as is. */
export class JiraHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JiraErrorBody,
  ) {
    super(body.errorMessages[0] ?? Object.values(body.errors)[0] ?? `HTTP ${status}`);
  }
}

export const jiraError = (status: number, errorMessages: string[], errors: Record<string, string> = {}) =>
  new JiraHttpError(status, { errorMessages, errors });

const ResolutionRef = z.object({ id: z.string().optional(), name: z.string().optional() });

/** Jira's timestamp format: ISO 8601 with milliseconds and a `+0000` offset. */
export const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

export class JiraState {
  readonly options: JiraOptions;
  readonly users: readonly JiraUser[] = SANDBOX_JIRA_USERS;
  baseUrl = '';
  /** The tickets the sandbox seeded (none when `seedTickets` is off), so callers need not search for them. */
  readonly seeded: SeededTickets;
  private readonly records: JiraIssueRecord[] = [];
  private readonly sessions = new Map<string, { user: string; xsrfToken: string }>();
  private lastMs = 0;
  private nextNumber = 101;
  private nextId = 10100;
  private nextCommentId = 10500;

  constructor(world: World, options: Partial<JiraOptions> = {}) {
    const merged = { ...DEFAULT_JIRA_OPTIONS, ...options };
    const contextPath = merged.contextPath.replace(/\/+$/, '');
    this.options = {
      ...merged,
      contextPath: contextPath && !contextPath.startsWith('/') ? `/${contextPath}` : contextPath,
    };
    this.seeded = this.options.seedTickets ? seedTickets(this, world) : {};
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  get project(): { id: string; key: string; name: string } {
    return { id: '10000', key: this.options.project, name: 'Genomics Lab Tickets' };
  }

  /** Strictly increasing timestamps, even for events in the same millisecond. */
  stamp(at?: number): string {
    const ms = Math.max(at ?? Date.now(), this.lastMs + 1);
    this.lastMs = ms;
    return jiraTime(ms);
  }

  user(name: string): JiraUser | undefined {
    return this.users.find((u) => u.name === name);
  }
  userByToken(token: string): JiraUser | undefined {
    return this.users.find((u) => u.token === token);
  }
  userByPassword(name: string, password: string): JiraUser | undefined {
    return this.users.find((u) => u.name === name && u.password !== null && u.password === password);
  }
  /** Cloud's Basic auth: `email:api-token`. */
  userByEmailToken(email: string, token: string): JiraUser | undefined {
    return this.users.find((u) => u.emailAddress === email && u.token === token);
  }

  createSession(user: JiraUser): { id: string; xsrfToken: string } {
    const id = randomBytes(16).toString('hex').toUpperCase();
    const xsrfToken = `${randomBytes(10).toString('hex')}_${randomBytes(10).toString('hex')}_lin`;
    this.sessions.set(id, { user: user.name, xsrfToken });
    return { id, xsrfToken };
  }
  session(id: string): { user: JiraUser; xsrfToken: string } | undefined {
    const found = this.sessions.get(id);
    const user = found && this.user(found.user);
    return found && user ? { user, xsrfToken: found.xsrfToken } : undefined;
  }
  endSession(id: string): void {
    this.sessions.delete(id);
  }
  /** Every session cookie stops working, as after a Jira restart or a timeout. */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** The live record (by key, case-insensitive, or by id). */
  find(keyOrId: string): JiraIssueRecord | undefined {
    const wanted = keyOrId.toUpperCase();
    return this.records.find((i) => i.key === wanted || i.id === keyOrId);
  }
  private require(keyOrId: string): JiraIssueRecord {
    const issue = this.find(keyOrId);
    if (!issue) throw jiraError(404, ['Issue Does Not Exist']);
    return issue;
  }

  issues(): JiraIssueRecord[] {
    return structuredClone(this.records);
  }
  getIssue(key: string): JiraIssueRecord | undefined {
    const issue = this.find(key);
    return issue && structuredClone(issue);
  }

  createIssue(input: NewIssue): JiraIssueRecord {
    const created = this.stamp(input.at);
    const issue: JiraIssueRecord = {
      id: String(this.nextId++),
      key: `${this.options.project}-${this.nextNumber++}`,
      project: this.options.project,
      issueType: input.issueType ?? 'Task',
      summary: input.summary,
      description: input.description ?? null,
      labels: [...(input.labels ?? [])],
      status: 'Open',
      resolution: null,
      resolutionDate: null,
      reporter: input.reporter ?? 'tess',
      comments: [],
      created,
      updated: created,
    };
    this.records.push(issue);
    return structuredClone(issue);
  }

  addComment(key: string, body: string, author = 'tess', at?: number): JiraCommentRecord {
    const issue = this.require(key);
    const created = this.stamp(at);
    const comment = { id: String(this.nextCommentId++), body, author, created, updated: created };
    issue.comments.push(comment);
    issue.updated = created;
    return { ...comment };
  }

  /** `DELETE /issue/{key}`: needs the "Delete Issues" permission. */
  deleteIssue(key: string): void {
    const issue = this.require(key);
    if (!this.options.deleteIssues)
      throw jiraError(403, ['You do not have permission to delete issues in this project.']);
    this.records.splice(this.records.indexOf(issue), 1);
  }

  /** `DELETE /issue/{key}/comment/{id}`: everyone may delete their own comments ("Delete Own Comments"), no one else's. */
  deleteComment(key: string, commentId: string, user: string): void {
    const issue = this.require(key);
    const comment = issue.comments.find((c) => c.id === commentId);
    if (!comment) throw jiraError(404, [`Can not find a comment for the id: ${commentId}.`]);
    if (comment.author !== user) throw jiraError(403, ['You do not have the permission to delete this comment.']);
    issue.comments.splice(issue.comments.indexOf(comment), 1);
    issue.updated = this.stamp();
  }

  availableTransitions(key: string): readonly Transition[] {
    return transitionsFrom(this.require(key).status);
  }

  /** Applies a workflow transition with Jira's screen rules: only fields on the screen, resolution required on close. */
  transition(key: string, request: TransitionRequest): void {
    const issue = this.require(key);
    const transition = TRANSITIONS.find((t) => t.id === request.id);
    if (!transition) throw jiraError(400, [`Transition id '${request.id}' is not valid for this issue.`]);
    if (!transition.from.includes(issue.status)) {
      throw jiraError(400, [
        `It seems that you have tried to perform a workflow operation (${transition.name}) that is not valid for the ` +
          `current state of this issue (${issue.key}). The likely cause is that somebody has changed the issue recently, ` +
          'please look at the issue history for details.',
      ]);
    }
    const fields = request.fields ?? {};
    const errors: Record<string, string> = {};
    for (const field of Object.keys(fields)) {
      if (!transition.screenFields.includes(field)) {
        errors[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
      }
    }
    let resolution: string | null = null;
    if (transition.screenFields.includes('resolution')) {
      const ref = ResolutionRef.safeParse(fields.resolution);
      const found = ref.success ? findResolution(ref.data) : undefined;
      if (fields.resolution === undefined || fields.resolution === null) errors.resolution = 'Resolution is required.';
      else if (!found) errors.resolution = "Could not find valid 'id' or 'name' in resolution object.";
      else resolution = found.name;
    }
    if (Object.keys(errors).length > 0) throw jiraError(400, [], errors);
    const when = this.stamp(request.at);
    issue.status = transition.to;
    issue.resolution = transition.to === 'Closed' ? resolution : null;
    issue.resolutionDate = issue.resolution ? when : null;
    issue.updated = when;
    if (request.comment !== undefined) this.addComment(issue.key, request.comment, request.author);
  }

  /** What a person does in the UI: close the issue with this resolution, or change the resolution of a closed one. */
  setResolution(key: string, name: string, author = 'tess'): void {
    const issue = this.require(key);
    const resolution = findResolution({ name });
    if (!resolution) throw jiraError(400, [], { resolution: `The resolution '${name}' does not exist.` });
    if (issue.status !== 'Closed') return this.transition(key, { id: '2', fields: { resolution: { name } }, author });
    issue.resolution = resolution.name;
    issue.resolutionDate = issue.updated = this.stamp();
  }

  search(jql: string): JiraIssueRecord[] {
    return runJql(jql, this.records, {
      projects: [this.project],
      statuses: statusNames,
      resolutions: RESOLUTIONS.map((r) => r.name),
      issueTypes: ISSUE_TYPES.map((t) => t.name),
      keyExists: (key) => this.find(key) !== undefined,
    });
  }
}
