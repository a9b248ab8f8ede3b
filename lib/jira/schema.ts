import { z } from 'zod';

// Jira REST shapes Bao reads (docs/jira-and-nabu.md#jira-issues-comments-and-transitions): Data Center v2 and
// Cloud v3. Only what Bao uses is typed; the rest of Jira's (large) objects is stripped at the boundary.
// Fields that a `fields=` parameter can leave out are optional.

/** Cloud v3 text (descriptions, comments) is an Atlassian Document; v2 text is a wiki-markup string. */
export const AdfDocument = z.looseObject({
  type: z.literal('doc'),
  version: z.number().optional(),
  content: z.array(z.unknown()),
});
export type AdfDocument = z.infer<typeof AdfDocument>;
export const JiraText = z.union([z.string(), AdfDocument]);

/** DC users have `name`/`key`; Cloud users have `accountId` instead. */
export const JiraUserRef = z.object({
  displayName: z.string(),
  name: z.string().optional(),
  key: z.string().optional(),
  accountId: z.string().optional(),
  emailAddress: z.string().optional(),
});
export type JiraUserRef = z.infer<typeof JiraUserRef>;

export const JiraStatusCategory = z.object({ key: z.string(), name: z.string() });
export const JiraStatus = z.object({ name: z.string(), statusCategory: JiraStatusCategory });
export type JiraStatus = z.infer<typeof JiraStatus>;

export const JiraComment = z.object({
  id: z.string(),
  body: JiraText,
  author: JiraUserRef.optional(),
  created: z.string(),
  updated: z.string().optional(),
});
export type JiraComment = z.infer<typeof JiraComment>;

export const JiraCommentPage = z.object({
  comments: z.array(JiraComment),
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int(),
});

export const JiraIssueFields = z.object({
  summary: z.string(),
  description: JiraText.nullish().transform((v) => v ?? null),
  labels: z.array(z.string()).optional(),
  status: JiraStatus.optional(),
  resolution: z.object({ name: z.string() }).nullish(),
  /** Present on get-issue (default `*all`); search results leave it out. */
  comment: JiraCommentPage.optional(),
  created: z.string().optional(),
  updated: z.string().optional(),
  project: z.object({ key: z.string(), name: z.string() }).optional(),
  issuetype: z.object({ name: z.string() }).optional(),
});

export const JiraIssue = z.object({ id: z.string(), key: z.string(), self: z.string(), fields: JiraIssueFields });
export type JiraIssue = z.infer<typeof JiraIssue>;

/** Data Center `GET|POST /rest/api/2/search`. */
export const JiraSearchV2 = z.object({
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int(),
  issues: z.array(JiraIssue),
});
export type JiraSearchV2 = z.infer<typeof JiraSearchV2>;

/** Cloud `GET|POST /rest/api/3/search/jql` with `fields`: no total; page on until `nextPageToken` is null. */
export const JiraSearchJql = z.object({
  issues: z.array(JiraIssue),
  nextPageToken: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  isLast: z.boolean().optional(),
});
export type JiraSearchJql = z.infer<typeof JiraSearchJql>;

/** The same endpoint without `fields`: ids only. */
export const JiraSearchJqlIds = JiraSearchJql.extend({ issues: z.array(z.object({ id: z.string() })) });

export const JiraTransitionField = z.object({
  required: z.boolean(),
  name: z.string().optional(),
  allowedValues: z.array(z.object({ id: z.string().optional(), name: z.string() })).optional(),
});

export const JiraTransition = z.object({
  id: z.string(),
  name: z.string(),
  to: z.object({ name: z.string(), statusCategory: JiraStatusCategory.optional() }),
  /** Only with `?expand=transitions.fields`; `resolution` is here when the transition's screen has it. */
  fields: z.record(z.string(), JiraTransitionField).optional(),
});
export type JiraTransition = z.infer<typeof JiraTransition>;

export const JiraTransitions = z.object({ transitions: z.array(JiraTransition) });
export type JiraTransitions = z.infer<typeof JiraTransitions>;

/** `POST /rest/api/2/issue` → 201. */
export const JiraCreated = z.object({ id: z.string(), key: z.string(), self: z.string() });
export type JiraCreated = z.infer<typeof JiraCreated>;

export const JiraMyselfDataCenter = z.object({
  name: z.string(),
  key: z.string(),
  displayName: z.string(),
  emailAddress: z.string().optional(),
  active: z.boolean(),
  timeZone: z.string().optional(),
});
export const JiraMyselfCloud = z.object({
  accountId: z.string(),
  displayName: z.string(),
  emailAddress: z.string().optional(),
  active: z.boolean(),
  timeZone: z.string().optional(),
});
export const JiraMyself = z.union([JiraMyselfDataCenter, JiraMyselfCloud]);
export type JiraMyself = z.infer<typeof JiraMyself>;

export const JiraProject = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  issueTypes: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean().optional() })),
});
export type JiraProject = z.infer<typeof JiraProject>;

export const JiraServerInfo = z.object({
  baseUrl: z.string(),
  version: z.string(),
  versionNumbers: z.array(z.number().int()),
  deploymentType: z.string(),
});

/** Every Jira error: `{"errorMessages":[…],"errors":{"field":"message"}}`. */
export const JiraErrorBody = z.object({
  errorMessages: z.array(z.string()),
  errors: z.record(z.string(), z.string()),
});
export type JiraErrorBody = z.infer<typeof JiraErrorBody>;
