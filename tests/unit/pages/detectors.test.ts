import { describe, expect, test } from 'vitest';
import { issueKeyFromUrl, jiraDetectors } from '../../../lib/jira/pages';
import { misoDetectors, misoItemUrl, runRefFromUrl } from '../../../lib/miso/pages';

const all = [...jiraDetectors, ...misoDetectors];
const corpus = all.flatMap((d) => d.examples.map((url) => ({ owner: d.id, url })));
// Pages of the same hosts that no detector may claim.
const unrelated = [
  'https://jira.lab.example/secure/Dashboard.jspa',
  'https://jira.lab.example/browse/glt-1',
  'https://miso.lab.example/runs',
  'https://miso.lab.example/run/new/4',
  'https://miso.lab.example/runlibraries/5476-1-73620/qc-hierarchy',
  'https://example.org/',
];

describe.each(all.map((d) => [d.id, d] as const))('%s', (_id, detect) => {
  test.each(detect.examples.map((u) => [u]))('accepts its own example %s', (url) => {
    expect(detect.test(new URL(url)), `fix the detector ${detect.id} or its example`).toBe(true);
  });
  test.each(corpus.filter((c) => c.owner !== detect.id).map((c) => [c.url, c.owner]))(
    'rejects %s (an example of %s)',
    (url, owner) => {
      expect(detect.test(new URL(url)), `${detect.id} also matches ${owner}'s page: narrow one of them`).toBe(false);
    },
  );
  test.each(unrelated.map((u) => [u]))('rejects unrelated %s', (url) => {
    expect(detect.test(new URL(url))).toBe(false);
  });
});

test.each([
  ['https://jira.lab.example/browse/GLT-4567', 'GLT-4567'],
  ['https://jira.lab.example/jira/browse/QC_LAB-9/', 'QC_LAB-9'],
  ['https://lab.atlassian.net/jira/software/c/projects/GLT/boards/3?selectedIssue=GLT-77', 'GLT-77'],
  ['https://lab.atlassian.net/jira/software/c/projects/GLT/boards/3?selectedIssue=nope', undefined],
])('issue key of %s is %s', (url, key) => {
  expect(issueKeyFromUrl(new URL(url))).toBe(key);
});

test.each([
  ['https://miso.lab.example/run/5476', { id: 5476 }],
  ['https://miso.lab.example/miso/run/alias/221222_A00469_0405_AHYGHJDSX3', { alias: '221222_A00469_0405_AHYGHJDSX3' }],
  ['https://miso.lab.example/run/alias/RUN%20A', { alias: 'RUN A' }],
  ['https://miso.lab.example/runs', undefined],
])('run reference of %s', (url, ref) => {
  expect(runRefFromUrl(new URL(url))).toEqual(ref);
});

describe('misoItemUrl (docs/qc-rules.md#name-column)', () => {
  test.each([
    ['5476_1_LDI102', 'https://miso.lab.org/libraryaliquot/102'],
    ['SAM413', 'https://miso.lab.org/sample/413'],
    ['LIB77', 'https://miso.lab.org/library/77'],
    ['5476_1_XYZ102', null],
    ['LDI', null],
  ])('%s → %s', (id, url) => {
    expect(misoItemUrl('https://miso.lab.org/', id)).toBe(url);
  });

  test('no link without MISO', () => {
    expect(misoItemUrl('', '5476_1_LDI102')).toBeNull();
  });
});
