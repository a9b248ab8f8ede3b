import { detector } from '../page-detect';

// Jira page detectors. Data Center and Cloud share `/browse/KEY`; which DOM the page has is read
// from the page itself (lib/jira/read-ticket.ts). Self-hosted Jira may sit under a context path.

const ISSUE_KEY = /[A-Z][A-Z0-9_]+-\d+/;
const BROWSE_PATH = new RegExp(`^(?:/[\\w.-]+)*/browse/(${ISSUE_KEY.source})/?$`);

export function issueKeyFromUrl(url: URL): string | undefined {
  const browse = BROWSE_PATH.exec(url.pathname)?.[1];
  if (browse) return browse;
  const selected = url.searchParams.get('selectedIssue');
  return selected && new RegExp(`^${ISSUE_KEY.source}$`).test(selected) ? selected : undefined;
}

/** The full issue view, Data Center or Cloud. */
export const isIssueView = detector(
  'jira-issue-view',
  [
    'https://jira.lab.example/browse/GLT-4567',
    'https://jira.lab.example/jira/browse/GLT-12',
    'http://127.0.0.1:7103/browse/GLT-101',
    'https://lab.atlassian.net/browse/QC_LAB-9',
    'https://lab.atlassian.net/jira/browse/QC-3',
  ],
  (url) => BROWSE_PATH.test(url.pathname),
);

/** Cloud boards and issue lists that open an issue beside the list (`?selectedIssue=KEY`). */
export const isSelectedIssue = detector(
  'jira-selected-issue',
  [
    'https://lab.atlassian.net/jira/software/c/projects/GLT/issues/?jql=project%3DGLT&selectedIssue=GLT-5',
    'https://lab.atlassian.net/jira/software/c/projects/GLT/boards/3?selectedIssue=GLT-77',
    'http://127.0.0.1:7103/jira/software/c/projects/GLT/issues?selectedIssue=GLT-101',
  ],
  (url) => !BROWSE_PATH.test(url.pathname) && issueKeyFromUrl(url) !== undefined,
);

export const isJiraLogin = detector(
  'jira-login',
  ['https://jira.lab.example/login.jsp', 'http://127.0.0.1:7103/login.jsp?os_destination=%2Fbrowse%2FGLT-1'],
  (url) => /\/login\.jsp$/.test(url.pathname),
);

export const jiraDetectors = [isIssueView, isSelectedIssue, isJiraLogin];
