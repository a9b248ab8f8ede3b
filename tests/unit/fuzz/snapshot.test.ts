// @vitest-environment node
import fc from 'fast-check';
import { afterEach, describe, test, vi } from 'vitest';
import { fetchSnapshotCases, fetchSnapshotIndex, fetchSnapshotRun } from '../../../lib/bao-server/client';
import { caseRecord } from '../../../lib/cardea/records';
import { Assay, Case, OmittedRunSample, Run } from '../../../lib/cardea/schema';
import { SNAPSHOT_FORMAT } from '../../../lib/snapshot/schema';
import { NOVASEQ, smallDocument } from '../pipeline/document';
import { answering, asJson, asyncOutcomeOf, expectValueOrFailure, nearValid } from './harness';
import { fcOptions } from './seed';

// The Bao server's snapshot files as a browser in server mode reads them (index.json, a run file, a case
// file): any body is the file or a Bao server failure that names the file and the field.

const BASE = 'https://bao.lab.org';
const RUN_FILE = `runs/${NOVASEQ}.0123456789abcdef.json`;
const CASE_FILE = 'cases/0.0123456789abcdef.json';
afterEach(() => vi.unstubAllGlobals());

const doc = smallDocument();
const run = Run.parse(doc.cases[0].tests![1].fullDepthSequencings![0].run);
const index = {
  format: SNAPSHOT_FORMAT,
  generation: 'g-1',
  publishedAt: '2023-01-12T10:05:00Z',
  cardea: { url: 'https://cardea.lab.org', timestamp: '2023-01-12T10:00:00Z', lastSuccessAt: null, failure: null },
  document: {
    bytes: 1000,
    cases: 3,
    assays: 3,
    runs: 1,
    runLibraries: 2,
    omittedRunLibraries: 1,
    notifications: 0,
    runsRequiringAction: 0,
  },
  runs: [{ runName: NOVASEQ, file: RUN_FILE, notification: null, ticket: { issueKey: 'GLT-1', issueState: null } }],
  caseFiles: [{ file: CASE_FILE, count: 1 }],
  trends: { options: { runs: 30, minHistory: 10 }, files: [] },
  keeper: { lastSyncAt: null, failure: null },
};
const runFile = {
  format: SNAPSHOT_FORMAT,
  runName: NOVASEQ,
  run,
  facts: null,
  libraries: [],
  assays: [Assay.parse(doc.assaysById['2'])],
  omitted: [OmittedRunSample.parse(doc.omittedRunSamples![1])],
};
const caseFile = { format: SNAPSHOT_FORMAT, bucket: 0, cases: [caseRecord(Case.parse(doc.cases[0]))] };

const files = [
  ['index.json', () => fetchSnapshotIndex(BASE, null), index, 'index.json '],
  [RUN_FILE, () => fetchSnapshotRun(BASE, RUN_FILE), runFile, `${RUN_FILE} `],
  [CASE_FILE, () => fetchSnapshotCases(BASE, CASE_FILE), caseFile, `${CASE_FILE} `],
] as const;

describe.each(files)('%s', (_name, read, sample, issuePrefix) => {
  test('any body is the file or a Bao server failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue().map(asJson)), async (body) => {
        vi.stubGlobal('fetch', answering(200, body));
        expectValueOrFailure(await asyncOutcomeOf(read), { system: 'Bao server' });
      }),
      fcOptions(60),
    );
  });

  test('one broken field is refused naming the file and the field, or read', async () => {
    await fc.assert(
      fc.asyncProperty(nearValid(sample), async ({ value, path }) => {
        vi.stubGlobal('fetch', answering(200, asJson(value)));
        expectValueOrFailure(await asyncOutcomeOf(read), { system: 'Bao server', path, issuePrefix });
      }),
      fcOptions(100),
    );
  });
});
