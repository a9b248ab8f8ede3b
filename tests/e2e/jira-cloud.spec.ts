import { expect, test } from './fixtures';

// The second Jira detector: Jira Cloud changes issues with history.pushState and no reload, and
// renders the new issue late. The overlay must follow, never show the previous run, and leave
// tickets that are not run tickets alone.

test('on Jira Cloud the overlay follows single-page navigation between tickets', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { open: first, overridden: second, question: other } = sandbox.jira.seeded;
  expect(first && second && other, 'the sandbox seeds two run tickets and a question').toBeTruthy();
  await configure();
  await loginJira();

  await page.goto(`${sandbox.urls.jira}/jira/browse/${first!.key}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay).toHaveAttribute('data-run-name', first!.runName);
  await expect(overlay).toHaveCount(1);

  const list = page.getByTestId('sandbox.issue-list');
  await list.locator(`a[data-issue-key="${second!.key}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/jira/browse/${second!.key}$`));
  await expect(overlay).toHaveAttribute('data-run-name', second!.runName);
  await expect(overlay).toHaveCount(1);

  await list.locator(`a[data-issue-key="${other!.key}"]`).click();
  await expect(page.getByTestId('issue.views.issue-base.foundation.summary.heading')).toContainText('Question about');
  await expect(overlay).toHaveCount(0);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/jira/browse/${second!.key}$`));
  await expect(overlay).toHaveAttribute('data-run-name', second!.runName);
  await expect(overlay).toHaveCount(1);
});
