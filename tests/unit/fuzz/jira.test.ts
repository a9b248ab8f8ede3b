// @vitest-environment node
import fc from 'fast-check';
import { afterEach, test, vi } from 'vitest';
import { createJiraClient, type JiraClient, type JiraFlavour } from '../../../lib/jira/client';
import { answering, asJson, asyncOutcomeOf, expectValueOrFailure, nearValid } from './harness';
import { fcOptions } from './seed';

// Jira's answers as the keeper's client reads them, Data Center (v2, wiki text) and Cloud (v3, ADF):
// searches, an issue with its comments, transitions and the account. Every answer is a value or a Jira failure.

const RUN = '230105_A00469_0405_AHXXXXDSX3';
const client = (flavour: JiraFlavour) =>
  createJiraClient({
    baseUrl: 'https://jira.lab.org/jira',
    flavour,
    project: 'GLT',
    label: 'dimsum',
    token: 'token',
    email: flavour === 'cloud' ? 'qc@lab.org' : undefined,
    retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 },
  });

afterEach(() => vi.unstubAllGlobals());

const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const user = (flavour: JiraFlavour) =>
  flavour === 'cloud'
    ? { displayName: 'QC Bot', accountId: '5b10ac8d82e05b22cc7d4ef5' }
    : { displayName: 'QC Bot', name: 'qc.bot', key: 'JIRAUSER10100' };
const text = (flavour: JiraFlavour, body: string) => (flavour === 'cloud' ? adf(body) : body);

function issue(flavour: JiraFlavour) {
  return {
    id: '10042',
    key: 'GLT-42',
    self: 'https://jira.lab.org/jira/rest/api/2/issue/10042',
    fields: {
      summary: `${RUN} Dimsum Run QC`,
      description: text(flavour, 'Run is pending QC.'),
      labels: ['dimsum'],
      status: { name: 'Open', statusCategory: { key: 'new', name: 'To Do' } },
      resolution: null,
      created: '2023-01-05T10:00:00.000+0000',
      reporter: user(flavour),
      comment: {
        comments: [
          {
            id: '900',
            body: text(flavour, 'Internal use: A1'),
            author: user(flavour),
            created: '2023-01-06T10:00:00.000+0000',
          },
        ],
        startAt: 0,
        maxResults: 50,
        total: 1,
      },
    },
  };
}

function searchBody(flavour: JiraFlavour) {
  const issues = [issue(flavour), { ...issue(flavour), id: '10043', key: 'GLT-43' }];
  return flavour === 'cloud'
    ? { issues, nextPageToken: null, isLast: true }
    : { startAt: 0, maxResults: 50, total: 2, issues };
}

const transitions = {
  transitions: [
    {
      id: '31',
      name: 'Resolve',
      to: { name: 'Resolved', statusCategory: { key: 'done', name: 'Done' } },
      fields: { resolution: { required: true, name: 'Resolution', allowedValues: [{ id: '1', name: 'Done' }] } },
    },
  ],
};

type Call = [string, (c: JiraClient) => Promise<unknown>, (flavour: JiraFlavour) => unknown, boolean?];
const calls: Call[] = [
  ['a search', (c) => c.searchBySummary(`${RUN} Dimsum Run QC`), searchBody],
  ['an issue with its comments', (c) => c.getIssue('GLT-42'), issue],
  ['transitions', (c) => c.transitions('GLT-42'), () => transitions],
  // The account is a union (Data Center or Cloud): a failure may name the whole answer.
  ['the account', (c) => c.myself(), (flavour) => ({ ...user(flavour), active: true }), true],
];
const cases = calls.flatMap(([name, call, sample, rootMayAnswer]) =>
  (['datacenter', 'cloud'] as const).map(
    (flavour) => [`${name} (${flavour})`, flavour, call, sample(flavour), rootMayAnswer] as const,
  ),
);

test.each(cases)('%s: any JSON is a value or a Jira failure', async (_name, flavour, call) => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (body) => {
      vi.stubGlobal('fetch', answering(200, asJson(body)));
      expectValueOrFailure(await asyncOutcomeOf(() => call(client(flavour))), { system: 'Jira' });
    }),
    fcOptions(40),
  );
});

test.each(cases)(
  '%s: one broken field is refused naming it, or read',
  async (_name, flavour, call, sample, rootMayAnswer) => {
    await fc.assert(
      fc.asyncProperty(nearValid(sample), async ({ value, path }) => {
        vi.stubGlobal('fetch', answering(200, asJson(value)));
        expectValueOrFailure(await asyncOutcomeOf(() => call(client(flavour))), {
          system: 'Jira',
          path,
          rootMayAnswer,
        });
      }),
      fcOptions(60),
    );
  },
);
