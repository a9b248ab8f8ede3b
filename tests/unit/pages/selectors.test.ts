import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readTicket, runNameFromSummary } from '../../../lib/jira/read-ticket';
import { jiraSelectorCounts, jiraSelectors } from '../../../lib/jira/selectors';
import { readMetricsPage } from '../../../lib/miso/read-metrics-page';
import { readRunPage } from '../../../lib/miso/read-run-page';
import { misoSelectorCounts, misoSelectors } from '../../../lib/miso/selectors';

// Fixture pages are saved from the sandbox by scripts/save-fixtures.ts.
const page = (name: string) =>
  new DOMParser().parseFromString(readFileSync(`tests/fixtures/${name}.html`, 'utf8'), 'text/html');

const cases = [
  ...Object.entries(jiraSelectorCounts).flatMap(([name, counts]) =>
    counts.map(
      ([count, fixture]) =>
        [`jira ${name}`, jiraSelectors[name as keyof typeof jiraSelectors], count, fixture] as const,
    ),
  ),
  ...Object.entries(misoSelectorCounts).flatMap(([name, counts]) =>
    counts.map(
      ([count, fixture]) =>
        [`miso ${name}`, misoSelectors[name as keyof typeof misoSelectors], count, fixture] as const,
    ),
  ),
];

test.each(cases)('%s matches the expected count on %s', (_name, alternatives, count, fixture) => {
  expect(page(fixture).querySelectorAll(alternatives.join(', ')).length).toBe(count);
});

describe('reading Jira tickets', () => {
  test('a Data Center run ticket gives its key, summary and run name', () => {
    const doc = page('jira/dc-run-ticket');
    const key = doc.querySelector<HTMLMetaElement>('meta[name="ajs-issue-key"]')!.content;
    const ticket = readTicket(doc, new URL(`https://jira.lab.example/browse/${key}`))!;
    expect(ticket).toMatchObject({ flavour: 'datacenter', key, append: 'first' });
    // Full width, above both the main column and the sidebar: metric tables are wide.
    expect(ticket.anchor.classList.contains('issue-body-content')).toBe(true);
    expect(runNameFromSummary(ticket.summary, ' Dimsum Run QC')).toMatch(/^\d{6}_[A-Z0-9]+_\d{4}_[A-Z0-9-]+$/);
  });
  test('a Cloud run ticket is read from its data-testid hooks', () => {
    const doc = page('jira/cloud-run-ticket');
    const key = doc.querySelector('[data-testid$="current-issue.item"]')!.textContent!.trim();
    const ticket = readTicket(doc, new URL(`https://lab.atlassian.net/browse/${key}`))!;
    expect(ticket).toMatchObject({ flavour: 'cloud', key, append: 'after' });
    expect(runNameFromSummary(ticket.summary, ' Dimsum Run QC')).toBeDefined();
  });
  test('labels are read from the Labels field of either flavour', () => {
    const dc = page('jira/dc-run-ticket');
    const dcKey = dc.querySelector<HTMLMetaElement>('meta[name="ajs-issue-key"]')!.content;
    expect(readTicket(dc, new URL(`https://jira.lab.example/browse/${dcKey}`))!.labels).toEqual([
      'dimsum-notification',
    ]);
    const cloud = page('jira/cloud-run-ticket');
    const cloudKey = cloud.querySelector('[data-testid$="current-issue.item"]')!.textContent!.trim();
    expect(readTicket(cloud, new URL(`https://lab.atlassian.net/browse/${cloudKey}`))!.labels).toEqual([
      'dimsum-notification',
    ]);
  });
  test('a Labels field that says None gives no labels; a page without the field gives no reading of them', () => {
    const doc = page('jira/dc-run-ticket');
    const url = new URL(
      `https://jira.lab.example/browse/${doc.querySelector<HTMLMetaElement>('meta[name="ajs-issue-key"]')!.content}`,
    );
    doc.querySelector('#wrap-labels .labels-wrap')!.replaceChildren(doc.createTextNode('None'));
    expect(readTicket(doc, url)!.labels).toEqual([]);
    doc.querySelector('#wrap-labels')!.remove();
    expect(readTicket(doc, url)!.labels).toBeUndefined();
    const cloud = page('jira/cloud-run-ticket');
    const cloudKey = cloud.querySelector('[data-testid$="current-issue.item"]')!.textContent!.trim();
    cloud.querySelector('[data-testid="issue.views.field.labels"]')!.remove();
    expect(readTicket(cloud, new URL(`https://lab.atlassian.net/browse/${cloudKey}`))!.labels).toBeUndefined();
  });
  test('the page is not read while it still shows another issue than the URL names', () => {
    expect(
      readTicket(page('jira/dc-run-ticket'), new URL('https://jira.lab.example/browse/GLT-99999')),
    ).toBeUndefined();
  });
  test('a ticket about a run but not the run ticket has no run name', () => {
    const doc = page('jira/dc-other-ticket');
    const key = doc.querySelector<HTMLMetaElement>('meta[name="ajs-issue-key"]')!.content;
    const ticket = readTicket(doc, new URL(`https://jira.lab.example/browse/${key}`))!;
    expect(runNameFromSummary(ticket.summary, ' Dimsum Run QC')).toBeUndefined();
  });
  test.each([
    ['221222_A00469_0405_AHYGHJDSX3 Dimsum Run QC', ' Dimsum Run QC', '221222_A00469_0405_AHYGHJDSX3'],
    ['221222_A00469_0405_AHYGHJDSX3 Run QC', ' Run QC', '221222_A00469_0405_AHYGHJDSX3'],
    ['221222_A00469_0405_AHYGHJDSX3 Dimsum Run QC (copy)', ' Dimsum Run QC', undefined],
    [' Dimsum Run QC', ' Dimsum Run QC', undefined],
  ])('run name of "%s" with suffix "%s"', (summary, suffix, expected) => {
    expect(runNameFromSummary(summary, suffix)).toBe(expected);
  });
});

describe('reading MISO run pages', () => {
  test('the run id and saved alias come from the page JSON, the anchor is the Run-Libraries section', () => {
    const info = readRunPage(page('miso/run-page'))!;
    expect(info.runId).toBeGreaterThan(0);
    expect(info.runName).toMatch(/^\d{6}_/);
    expect(info.anchor.id).toBe('aliquots');
  });
  test('the alias typed into the form is not mistaken for the saved run name', () => {
    const doc = page('miso/run-page');
    doc.querySelector<HTMLInputElement>('#runForm_alias')!.value = 'edited but not saved';
    expect(readRunPage(doc)!.runName).not.toBe('edited but not saved');
  });
  test('the metrics page is not a run page', () => {
    expect(readRunPage(page('miso/metrics-page'))).toBeUndefined();
  });
});

describe('reading MISO’s error page (written by hand in the real shape: no h1, no #contentcolumn)', () => {
  test('a refused QC-in-MISO POST gives MISO’s title and message, anchored at the message', () => {
    const reading = readMetricsPage(page('miso/error-page'));
    expect(reading).toMatchObject({
      kind: 'error',
      heading: 'Bad Request',
      message: 'Invalid library aliquot name: LIB48170',
    });
    expect(reading?.kind === 'error' && reading.anchor.id).toBe('flasherror');
  });
  test('the run page and the metrics page are not error pages', () => {
    expect(readMetricsPage(page('miso/run-page'))).toBeUndefined();
    expect(readMetricsPage(page('miso/metrics-page'))?.kind).toBe('table');
  });
});
