// @vitest-environment node
import { beforeEach, describe, expect, test } from 'vitest';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import type {
  IndexBatch,
  IndexWriter,
  NotificationRecord,
  RunLibraryRecord,
  RunRecord,
} from '../../../lib/cardea/records';
import {
  deleteStaleGenerations,
  getCaseRecord,
  getCurrentIndex,
  getRunView,
  listNotifications,
  openIndexWriter,
} from '../../../lib/db';
import { CaseData, type Run, type Sample } from '../../../lib/cardea/schema';
import { FetchError, describeFailure } from '../../../lib/net/failure';
import { runNotification } from '../../../lib/qc/notifications';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { serializeCaseData } from '../../../sandbox/cardea/serialize';
import { DEFAULT_GENERATOR } from '../../../sandbox/server';
import {
  DONE,
  DONE_ID,
  FD_OTHER_ID,
  FD_SHARED_ID,
  LQ_ID,
  MISEQ,
  NOVASEQ,
  OMITTED_ONLY,
  brokenStream,
  smallDocument,
  streamOf,
} from './document';
import { freshDatabase, generationsOnDisk } from './helpers';

const SOURCE = 'https://cardea.lab.org';

async function ingestText(text: string, batchSize = 500) {
  return ingestDimsum(streamOf(text), await openIndexWriter(SOURCE), { url: `${SOURCE}/dimsum`, batchSize });
}

const ids = (samples: { id: string }[]) => samples.map((s) => s.id).sort();

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return (error as FetchError).failure;
}

beforeEach(freshDatabase);

describe('a streamed document becomes an index', () => {
  beforeEach(async () => {
    await ingestText(JSON.stringify(smallDocument()));
  });

  test('runs keep their LQ and FD run-libraries apart, with the full run restored', async () => {
    const miseq = await getRunView(MISEQ);
    expect(ids(miseq!.lq)).toEqual([LQ_ID]);
    expect(miseq!.fd).toEqual([]);
    expect(miseq!.lq[0].run).toMatchObject({
      id: 5459,
      name: MISEQ,
      containerModel: 'MiSeq v3',
      lanes: [{ laneNumber: 1 }],
    });

    const novaseq = await getRunView(NOVASEQ);
    expect(novaseq!.lq).toEqual([]);
    expect(ids(novaseq!.fd)).toEqual([FD_SHARED_ID, FD_OTHER_ID].sort());
    expect(novaseq!.run.qcDate).toBe('2023-01-11');
  });

  test('a run-library in several tests and cases is listed once, with every case and test', async () => {
    const novaseq = await getRunView(NOVASEQ);
    expect(novaseq!.fd.filter((s) => s.id === FD_SHARED_ID)).toHaveLength(1);
    expect(novaseq!.membership[FD_SHARED_ID].caseIds.sort()).toEqual(['PROJ_1289_a2_Lv_M', 'PROJ_1290_a2_Lv_M']);
    expect(novaseq!.membership[FD_SHARED_ID].testNames.sort()).toEqual(['Normal WG', 'Tumour WG']);
  });

  test('the run view carries only the assays its libraries reference, thresholds as numbers', async () => {
    const novaseq = await getRunView(NOVASEQ);
    expect(Object.keys(novaseq!.assaysById).sort()).toEqual(['2', '3']);
    expect(novaseq!.assaysById['2'].metricCategories.FULL_DEPTH_SEQUENCING?.[0].metrics[0].minimum).toBe(40);
    expect(novaseq!.facts).toEqual({ lqCount: 0, fdCount: 2, libraryDesigns: ['WG', 'WT'], assayIds: [2, 3] });
  });

  test('a run keeps the run-libraries it sequenced that are in no case (the Omissions), apart from its tables', async () => {
    const novaseq = await getRunView(NOVASEQ);
    expect(novaseq!.omitted).toEqual([
      expect.objectContaining({ id: '5476_2_LDI9', name: 'OTHER_0002', sequencingLane: 2, qcPassed: true }),
    ]);
    expect(ids(novaseq!.fd)).not.toContain('5476_2_LDI9');
    expect((await getRunView(MISEQ))!.omitted).toEqual([]);
  });

  test('Omissions of any sequencing type, even one Bao has never seen, are kept and the document with them', async () => {
    const document = smallDocument();
    const omitted = (id: string, sequencingType: string | null) => ({
      id: `5476_3_${id}`,
      name: `OTHER_${id}`,
      project: 'OTHER',
      runId: 5476,
      runName: NOVASEQ,
      sequencingLane: 3,
      sequencingType,
    });
    document.omittedRunSamples = [
      ...(document.omittedRunSamples ?? []),
      omitted('LDI21', 'LIBRARY_PREP'),
      omitted('LDI22', 'RECEIPT'),
      omitted('LDI23', 'ANALYSIS_REVIEW'),
      omitted('LDI24', 'A_CATEGORY_CARDEA_ADDS_LATER'),
      omitted('LDI25', null),
    ];
    await freshDatabase();
    const summary = await ingestText(JSON.stringify(document));
    expect(summary).toMatchObject({ cases: 3, omittedRunLibraries: 7 });
    const novaseq = await getRunView(NOVASEQ);
    expect(ids(novaseq!.omitted)).toEqual([
      '5476_2_LDI9',
      '5476_3_LDI21',
      '5476_3_LDI22',
      '5476_3_LDI23',
      '5476_3_LDI24',
      '5476_3_LDI25',
    ]);
    expect(novaseq!.omitted.find((o) => o.id === '5476_3_LDI24')?.sequencingType).toBe('A_CATEGORY_CARDEA_ADDS_LATER');
    expect(ids(novaseq!.fd)).toEqual([FD_SHARED_ID, FD_OTHER_ID].sort());
  });

  test('runs with no case-linked library, and LQ items never sequenced, are not indexed', async () => {
    expect(await getRunView(OMITTED_ONLY)).toBeUndefined();
    for (const name of [MISEQ, NOVASEQ, DONE]) {
      const view = await getRunView(name);
      expect([...view!.lq, ...view!.fd].map((s) => s.id)).not.toContain('LDI99999');
    }
  });

  test.each([
    ['PROJ_1289_a2_Lv_M', true, false],
    ['PROJ_1290_a2_Lv_M', true, true],
    ['PROJ_1291_a2_Lv_M', false, false],
  ])('case %s: missing earlier sign-offs %s, stopped %s', async (caseId, missing, stopped) => {
    const record = await getCaseRecord(caseId);
    expect(record).toMatchObject({ id: caseId, missingEarlierSignoffs: missing, requisition: { stopped } });
    expect(record!.deliverables[0].releases[0].deliverable).toBe('Full Pipeline');
    expect(record!.projects[0].deliverables).toEqual({ 'Data Release': ['Full Pipeline'] });
    expect(record).not.toHaveProperty('tests');
    expect(record).not.toHaveProperty('receipts');
  });

  test('notifications follow the run and library sign-off dates', async () => {
    const { index, notifications } = await listNotifications();
    const byRun = Object.fromEntries(notifications.map((n) => [n.runName, n]));
    expect(Object.keys(byRun).sort()).toEqual([MISEQ, NOVASEQ].sort());
    expect(byRun[MISEQ]).toMatchObject({ runState: 1, requiresAction: true, pendingQc: [], pendingDataReview: [] });
    expect(byRun[NOVASEQ].pendingQc.map((l) => l.id)).toEqual([FD_SHARED_ID]);
    expect(byRun[NOVASEQ].pendingDataReview.map((l) => l.id)).toEqual([FD_OTHER_ID]);
    expect(byRun[NOVASEQ]).toMatchObject({ runState: 2, requiresAction: true, desiredState: 'OPEN' });
    expect(index!.document).toMatchObject({
      timestamp: '2023-01-12T10:00:00Z',
      cases: 3,
      runs: 3,
      runLibraries: 4,
      assays: 3,
      omittedRunLibraries: 2,
      notifications: 2,
      runsRequiringAction: 2,
    });
    expect(await getRunView(DONE).then((v) => v?.fd.map((s) => s.id))).toEqual([DONE_ID]);
  });
});

describe('generations', () => {
  test('readers see the previous document until the new one is complete', async () => {
    await ingestText(JSON.stringify(smallDocument('2023-01-12T10:00:00Z')));
    const next = smallDocument('2023-01-13T10:00:00Z');
    next.cases = next.cases.slice(2); // only the DONE run is left
    const text = JSON.stringify(next);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const half = Math.floor(text.length * 0.8);
    const bytes = new TextEncoder().encode(text);
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step === 0) controller.enqueue(bytes.subarray(0, half));
        else if (step === 1) {
          await gate;
          controller.enqueue(bytes.subarray(half));
        } else controller.close();
        step += 1;
      },
    });
    const ingest = ingestDimsum(body, await openIndexWriter(SOURCE), { batchSize: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await getCurrentIndex())!.document.timestamp).toBe('2023-01-12T10:00:00Z');
    expect(await getRunView(MISEQ)).toBeDefined();
    expect((await generationsOnDisk()).assays).toEqual([1, 2]);

    release();
    await ingest;
    expect((await getCurrentIndex())!.document.timestamp).toBe('2023-01-13T10:00:00Z');
    expect(await getRunView(MISEQ)).toBeUndefined();
    expect(await getRunView(DONE)).toBeDefined();
  });

  test('the previous generation is deleted after the switch', async () => {
    await ingestText(JSON.stringify(smallDocument('2023-01-12T10:00:00Z')));
    await ingestText(JSON.stringify(smallDocument('2023-01-13T10:00:00Z')));
    expect(await generationsOnDisk()).toEqual({
      runs: [2],
      runLibraries: [2],
      assays: [2],
      cases: [2],
      notifications: [2],
      omittedRunLibraries: [2],
    });
  });

  test('a generation left half-written by a stopped worker is cleaned up at startup', async () => {
    await ingestText(JSON.stringify(smallDocument()));
    const orphan = await openIndexWriter(SOURCE);
    const full = await getRunView(NOVASEQ);
    await orphan.write({
      assays: [],
      cases: [],
      runs: [{ runName: 'X', run: full!.run, facts: null }],
      runLibraries: [],
      omitted: [],
    });
    expect((await generationsOnDisk()).runs).toEqual([1, 2]);

    await deleteStaleGenerations();
    expect((await generationsOnDisk()).runs).toEqual([1]);
    expect(await getRunView(NOVASEQ)).toBeDefined();
  });
});

describe('a bad document leaves the previous index in place', () => {
  const good = JSON.stringify(smallDocument());
  const withBadCase = () => {
    const doc = smallDocument('2023-01-13T10:00:00Z');
    (doc.cases[1].requisition as { id: unknown }).id = 'REQ-2';
    return JSON.stringify(doc);
  };
  const withBadAssay = () => {
    const doc = smallDocument('2023-01-13T10:00:00Z');
    (
      doc.assaysById['3'].metricCategories!.FULL_DEPTH_SEQUENCING![0].metrics[0] as { thresholdType: string }
    ).thresholdType = 'ABOVE';
    return JSON.stringify(doc);
  };

  test.each([
    ['not JSON', () => streamOf('<html><body>Gateway Timeout</body></html>'), 'malformed', /Unexpected/],
    ['cut off half-way', () => streamOf(good.slice(0, good.length / 2)), 'malformed', /ended early/],
    ['a dropped connection', () => brokenStream(good.slice(0, 400)), 'malformed', /broke off after 400 bytes/],
    ['trailing garbage', () => streamOf(`${good}}`), 'malformed', /Unexpected/],
    ['an empty body', () => streamOf(''), 'malformed', /empty/],
  ])('%s → malformed', async (_name, body, kind, detail) => {
    await ingestText(good);
    const failure = await failureOf(ingestDimsum(body(), await openIndexWriter(SOURCE), { url: `${SOURCE}/dimsum` }));
    expect(failure).toMatchObject({ kind, system: 'Cardea', url: `${SOURCE}/dimsum` });
    expect(failure.detail).toMatch(detail);
    expect(await getRunView(NOVASEQ)).toBeDefined();
    expect(await generationsOnDisk()).toEqual({
      runs: [1],
      runLibraries: [1],
      assays: [1],
      cases: [1],
      notifications: [1],
      omittedRunLibraries: [1],
    });
  });

  test.each([
    ['a case that fails validation', withBadCase, 'cases[1].requisition.id:'],
    [
      'an assay that fails validation',
      withBadAssay,
      'assaysById.3.metricCategories.FULL_DEPTH_SEQUENCING[0].metrics[0].thresholdType:',
    ],
    [
      'a document without cases',
      () => JSON.stringify({ assaysById: {}, cases: [], timestamp: '2023-01-13T10:00:00Z' }),
      'cases:',
    ],
    ['a JSON value that is not a document', () => '[1, 2, 3]', 'cases:'],
    [
      'cases as an object of cases',
      () => JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), cases: { ...smallDocument().cases } }),
      'cases: expected an array, received an object',
    ],
    [
      'omitted run-libraries as an object',
      () =>
        JSON.stringify({
          ...smallDocument('2023-01-13T10:00:00Z'),
          omittedRunSamples: { ...smallDocument().omittedRunSamples },
        }),
      'omittedRunSamples: expected an array, received an object',
    ],
    [
      'assays as an array',
      () =>
        JSON.stringify({
          ...smallDocument('2023-01-13T10:00:00Z'),
          assaysById: Object.values(smallDocument().assaysById),
        }),
      'assaysById: expected an object, received an array',
    ],
    ['cases as an empty object', () => JSON.stringify({ cases: {} }), 'cases: expected an array, received an object'],
    [
      'cases as a string',
      () => JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), cases: 'none' }),
      'cases: expected an array, received a string',
    ],
    [
      'omitted run-libraries as an empty object beside good cases',
      () => JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), omittedRunSamples: {} }),
      'omittedRunSamples: expected an array, received an object',
    ],
    [
      'omitted run-libraries as a number',
      () => JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), omittedRunSamples: 3 }),
      'omittedRunSamples: expected an array, received a number',
    ],
    [
      'assays as an empty array',
      () => JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), assaysById: [] }),
      'assaysById: expected an object, received an array',
    ],
  ])('%s → invalid, naming the field', async (_name, text, issue) => {
    await ingestText(good);
    const failure = await failureOf(ingestText(text()));
    expect(failure).toMatchObject({ kind: 'invalid', system: 'Cardea' });
    expect(failure.issues?.[0]).toContain(issue);
    expect((await getCurrentIndex())!.document.timestamp).toBe('2023-01-12T10:00:00Z');
    expect(await generationsOnDisk()).toEqual({
      runs: [1],
      runLibraries: [1],
      assays: [1],
      cases: [1],
      notifications: [1],
      omittedRunLibraries: [1],
    });
  });

  test('omitted run-libraries sent as null are none, as Cardea may send them', async () => {
    await ingestText(good);
    await ingestText(JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), omittedRunSamples: null }));
    expect((await getCurrentIndex())!.document.timestamp).toBe('2023-01-13T10:00:00Z');
  });

  test('cases sent as an object are reported to the user naming Cardea and the field', async () => {
    await ingestText(good);
    const failure = await failureOf(
      ingestText(JSON.stringify({ ...smallDocument('2023-01-13T10:00:00Z'), cases: { ...smallDocument().cases } })),
    );
    const shown = describeFailure(failure);
    expect(shown).toContain('Cardea');
    expect(shown).toContain('cases: expected an array');
    expect(await getRunView(NOVASEQ)).toBeDefined();
  });
});

/** Keeps everything in memory and notes how it was called. */
class RecordingWriter implements IndexWriter {
  batches: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  libraries = new Map<string, RunLibraryRecord>();
  runs = new Map<string, RunRecord>();
  notifications: NotificationRecord[] = [];
  committed = false;

  async write(batch: IndexBatch): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.batches.push(batch.assays.length + batch.cases.length + batch.runs.length + batch.runLibraries.length);
    await new Promise((resolve) => setTimeout(resolve, 2));
    for (const r of batch.runs) this.runs.set(r.runName, r);
    for (const l of batch.runLibraries) {
      const key = `${l.runName}/${l.category}/${l.sampleId}`;
      const existing = this.libraries.get(key);
      this.libraries.set(
        key,
        existing ? { ...existing, caseIds: [...new Set([...existing.caseIds, ...l.caseIds])] } : l,
      );
    }
    this.inFlight -= 1;
  }
  async readRun(runName: string) {
    const run = this.runs.get(runName);
    return run && { run: run.run, libraries: [...this.libraries.values()].filter((l) => l.runName === runName) };
  }
  async finishRuns(runs: RunRecord[], notifications: NotificationRecord[]) {
    for (const r of runs) this.runs.set(r.runName, r);
    this.notifications.push(...notifications);
  }
  async commit() {
    this.committed = true;
  }
  async abort() {}
}

test('writes go out in bounded batches, one at a time, and the parser waits for each', async () => {
  const doc = smallDocument();
  // Twenty copies of the cases under new ids: enough for many batches.
  doc.cases = Array.from({ length: 20 }, (_, i) => doc.cases.map((c) => ({ ...c, id: `${c.id}_${i}` }))).flat();
  const writer = new RecordingWriter();
  const summary = await ingestDimsum(streamOf(JSON.stringify(doc), 512), writer, { batchSize: 10 });
  expect(writer.committed).toBe(true);
  expect(writer.maxInFlight).toBe(1);
  expect(writer.batches.length).toBeGreaterThan(5);
  // A batch is cut after the chunk that filled it, so it holds at most one chunk's worth more.
  expect(Math.max(...writer.batches)).toBeLessThan(30);
  expect(summary.cases).toBe(60);
  expect(summary.runLibraries).toBe(4);
  expect(writer.libraries.get(`${NOVASEQ}/FD/${FD_SHARED_ID}`)!.caseIds).toHaveLength(40);
});

test('an aborted ingest stops and drops what it wrote', async () => {
  const controller = new AbortController();
  controller.abort();
  const writer = await openIndexWriter(SOURCE);
  await expect(
    ingestDimsum(streamOf(JSON.stringify(smallDocument())), writer, { signal: controller.signal }),
  ).rejects.toThrow();
  expect(await getCurrentIndex()).toBeUndefined();
});

describe("the sandbox generator's document", () => {
  test('indexes every case-linked run with the LQ/FD split and notifications the QC engine expects', async () => {
    const caseData = generateCaseData({ ...DEFAULT_GENERATOR, seed: 7 });
    const pieces = serializeCaseData(caseData);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    const summary = await ingestDimsum(body, await openIndexWriter(SOURCE), { batchSize: 50 });

    // The expectation, computed straight from the document (docs/qc-rules.md#which-run-libraries-appear-where) with the QC engine.
    const expected = new Map<string, { run: Run; lq: Map<string, Sample>; fd: Map<string, Sample> }>();
    const parsed = CaseData.parse(caseData);
    for (const c of parsed.cases) {
      for (const t of c.tests) {
        for (const [category, samples] of [
          ['lq', t.libraryQualifications],
          ['fd', t.fullDepthSequencings],
        ] as const) {
          for (const s of samples) {
            if (!s.run) continue;
            const entry = expected.get(s.run.name) ?? { run: s.run, lq: new Map(), fd: new Map() };
            expected.set(s.run.name, entry);
            entry[category].set(s.id, s);
          }
        }
      }
    }
    expect(summary).toMatchObject({
      cases: parsed.cases.length,
      runs: expected.size,
      assays: Object.keys(parsed.assaysById).length,
    });
    let requiringAction = 0;
    for (const [runName, { run, lq, fd }] of expected) {
      const view = await getRunView(runName);
      expect(ids(view!.lq), runName).toEqual([...lq.keys()].sort());
      expect(ids(view!.fd), runName).toEqual([...fd.keys()].sort());
      if (runNotification({ run, lq: [...lq.values()], fd: [...fd.values()], hasOpenTicket: false })?.requiresAction)
        requiringAction += 1;
    }
    expect(summary.runsRequiringAction).toBe(requiringAction);
    expect(requiringAction).toBeGreaterThan(0);
    const { notifications } = await listNotifications();
    expect(notifications.filter((n) => n.requiresAction)).toHaveLength(requiringAction);
  });
});
