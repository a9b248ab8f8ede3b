// Every selector Bao uses on Jira pages. Each has expected match counts on committed fixture pages
// (tests/unit/pages/selectors.test.ts), so a Jira upgrade that moves them fails a test, not a user.
// Alternatives are tried in order; the comment says which Jira they match.

export const jiraSelectors = {
  /** Data Center: the issue key in the page head. */
  dcIssueKey: ['meta[name="ajs-issue-key"]'],
  /** Data Center: `<h1 id="summary-val">`, which Atlassian's own DC test toolkit waits on. */
  dcSummary: ['#summary-val'],
  /**
   * Data Center: where the overlay goes, first choice first: the issue body, so the table spans the
   * main column and the sidebar (metric tables are wide); else the main column; else the issue panel
   * of the search view.
   */
  dcOverlayAnchor: ['.issue-body-content', '.issue-main-column', '#issue-content'],
  /** Data Center: the Labels row of the Details module; shown (with "None") even when the issue has no labels. */
  dcLabelsField: ['#wrap-labels'],
  /** Data Center: each label's lozenge text. */
  dcLabel: ['#wrap-labels ul.labels li a span'],
  /** Cloud: the breadcrumb link of the current issue (older builds spell the attribute data-test-id). */
  cloudIssueKey: [
    '[data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]',
    '[data-test-id="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]',
  ],
  cloudSummary: [
    '[data-testid="issue.views.issue-base.foundation.summary.heading"]',
    '[data-test-id="issue.views.issue-base.foundation.summary.heading"]',
  ],
  /** Cloud: the Labels field of the details panel, when it is rendered (collapsed panels leave it out). */
  cloudLabelsField: ['[data-testid="issue.views.field.labels"]', '[data-test-id="issue.views.field.labels"]'],
  /** Cloud: each label, a link to the search for it. */
  cloudLabel: ['[data-testid="issue.views.field.labels"] a', '[data-test-id="issue.views.field.labels"] a'],
} as const;

export type JiraSelector = keyof typeof jiraSelectors;

/** The twin of each selector: how many elements it matches on each fixture page (tests/fixtures). */
export const jiraSelectorCounts: Record<JiraSelector, ReadonlyArray<readonly [count: number, fixture: string]>> = {
  dcIssueKey: [
    [1, 'jira/dc-run-ticket'],
    [1, 'jira/dc-other-ticket'],
    [0, 'jira/cloud-run-ticket'],
  ],
  dcSummary: [
    [1, 'jira/dc-run-ticket'],
    [1, 'jira/dc-other-ticket'],
    [0, 'jira/cloud-run-ticket'],
  ],
  dcOverlayAnchor: [
    [3, 'jira/dc-run-ticket'],
    [3, 'jira/dc-other-ticket'],
    [0, 'jira/cloud-run-ticket'],
  ],
  dcLabelsField: [
    [1, 'jira/dc-run-ticket'],
    [1, 'jira/dc-other-ticket'],
    [0, 'jira/cloud-run-ticket'],
  ],
  dcLabel: [
    [1, 'jira/dc-run-ticket'],
    [1, 'jira/dc-other-ticket'],
    [0, 'jira/cloud-run-ticket'],
  ],
  cloudIssueKey: [
    [0, 'jira/dc-run-ticket'],
    [1, 'jira/cloud-run-ticket'],
  ],
  cloudSummary: [
    [0, 'jira/dc-run-ticket'],
    [1, 'jira/cloud-run-ticket'],
  ],
  cloudLabelsField: [
    [0, 'jira/dc-run-ticket'],
    [1, 'jira/cloud-run-ticket'],
  ],
  cloudLabel: [
    [0, 'jira/dc-run-ticket'],
    [1, 'jira/cloud-run-ticket'],
  ],
};

/** Every match of the first alternative that matches anything. */
export function queryAllJira(root: ParentNode, name: JiraSelector): Element[] {
  for (const selector of jiraSelectors[name]) {
    const found = root.querySelectorAll(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}

export function queryJira(root: ParentNode, name: JiraSelector): Element | null {
  for (const selector of jiraSelectors[name]) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}
