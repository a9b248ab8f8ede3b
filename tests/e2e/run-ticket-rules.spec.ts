import { expect, test } from './fixtures';

// Issue 15: a summary that names a run is not enough. A ticket outside the configured project, or showing labels
// without the configured one, gets a quiet note saying why, and no run table (docs/notifications-and-tickets.md).

test('a ticket whose summary names a run but lacks the label gets a note, not the table (Data Center and Cloud)', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { open } = sandbox.jira.seeded;
  expect(open, 'the sandbox seeds an open run ticket').toBeDefined();
  // Someone copied the run ticket's summary by hand, without Dimsum's label.
  const copy = sandbox.jira.createIssue({ summary: `${open!.runName} Dimsum Run QC`, labels: [] });
  await configure();
  await loginJira();

  for (const path of [`/browse/${copy.key}`, `/jira/browse/${copy.key}`]) {
    await page.goto(`${sandbox.urls.jira}${path}`);
    const note = page.locator('[data-bao="run-ticket-skipped"]');
    await expect(note).toHaveAttribute('data-skip-reason', 'label');
    await expect(note).toHaveAttribute('data-run-name', open!.runName);
    await expect(note.getByRole('status').locator('.bao-notice__message')).toHaveText(
      'Bao: not treated as a run ticket: it lacks the label dimsum-notification, which Bao’s options require.',
    );
    await expect(page.locator('[data-bao="run-table"]')).toHaveCount(0);
  }
});

test('a run ticket in another project than the options name gets a note naming both', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { open } = sandbox.jira.seeded;
  expect(open, 'the sandbox seeds an open run ticket').toBeDefined();
  await configure({ jiraProject: 'QC' });
  await loginJira();

  await page.goto(`${sandbox.urls.jira}/browse/${open!.key}`);
  const note = page.locator('[data-bao="run-ticket-skipped"]');
  await expect(note).toHaveAttribute('data-skip-reason', 'project');
  await expect(note).toContainText('it is in project GLT, and Bao’s options name QC');
  await expect(page.locator('[data-bao="run-table"]')).toHaveCount(0);
});
