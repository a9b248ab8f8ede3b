// @vitest-environment node
import { beforeEach, describe, expect, test } from 'vitest';
import { storedSample, type RunLibraryRecord, type RunRecord } from '../../../lib/cardea/records';
import { Run } from '../../../lib/cardea/schema';
import { openIndexWriter } from '../../../lib/db';
import { readTrend, readTrendWarnings } from '../../../lib/background/trends';
import { assay, metric, run, sample, subcategory } from '../../builders/cardea';
import { freshDatabase } from '../pipeline/helpers';

const INSERT = 'Mean Insert Size';
const FD = 'FULL_DEPTH_SEQUENCING' as const;
const ASSAY = assay(1, {
  FULL_DEPTH_SEQUENCING: [
    subcategory([metric({ name: INSERT, thresholdType: 'GE', minimum: 150, units: 'bp' })], {
      libraryDesignCode: 'WG',
    }),
  ],
});

interface RunSpec {
  name: string;
  day: number;
  inserts: number[];
  model?: string;
  qcPassed?: boolean;
}

function records({ name, day, inserts, model = 'S4', qcPassed }: RunSpec) {
  const r = Run.parse(
    run({ id: day, name, containerModel: model, completionDate: `2024-02-${String(day).padStart(2, '0')}`, qcPassed }),
  );
  const libraries: RunLibraryRecord[] = inserts.map((meanInsertSize, i) => {
    const s = sample({ id: `${name}_${i}`, libraryDesignCode: 'WG', meanInsertSize, run: run({ name }) });
    return { runName: name, category: 'FD', sampleId: s.id, sample: storedSample(s, name), caseIds: [], testNames: [] };
  });
  const record: RunRecord = {
    runName: name,
    run: r,
    facts: { lqCount: 0, fdCount: inserts.length, libraryDesigns: ['WG'], assayIds: [1] },
  };
  return { record, libraries };
}

async function index(specs: RunSpec[]) {
  const writer = await openIndexWriter('https://cardea.lab.org');
  const all = specs.map(records);
  await writer.write({
    assays: [ASSAY],
    cases: [],
    omitted: [],
    runs: all.map((a) => a.record),
    runLibraries: all.flatMap((a) => a.libraries),
  });
  await writer.finishRuns(
    all.map((a) => a.record),
    [],
  );
  await writer.commit({
    timestamp: null,
    bytes: 0,
    cases: 0,
    assays: 1,
    runs: specs.length,
    runLibraries: 0,
    omittedRunLibraries: 0,
    notifications: 0,
    runsRequiringAction: 0,
  });
}

const steady = (from: number, count: number, model = 'S4'): RunSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `${model}_${from + i}`,
    day: from + i,
    inserts: [300 + (i % 2 ? 4 : -4), 300, 305],
    model,
  }));

const key = { category: FD, assayId: 1, design: 'WG', metric: INSERT };

beforeEach(freshDatabase);

describe('trends from the local index', () => {
  test('a series reads the prior runs of the instrument model from IndexedDB, and the rules judge this run', async () => {
    await index([...steady(1, 12), ...steady(1, 12, 'SP'), { name: 'LOW', day: 20, inserts: [200, 210, 190] }]);
    const trend = await readTrend('LOW', key, { runs: 30, minHistory: 10 });
    expect(trend?.series.history.map((p) => p.runName)).toEqual(steady(1, 12).map((s) => s.name));
    expect(trend?.series.current?.median).toBe(200);
    expect(trend?.analysis.status).toBe('ok');
    const warnings = await readTrendWarnings('LOW');
    expect(warnings?.warnings).toEqual([{ ...key, assayName: 'Assay 1', rules: ['1-3s'] }]);
    expect((await readTrendWarnings('S4_12'))?.warnings).toEqual([]);
    expect(await readTrend('NOPE', key)).toBeUndefined();
  });

  test('runs passed over do not shorten the history: Bao reads further back until it has its runs', async () => {
    const failed = Array.from({ length: 4 }, (_, i) => ({ name: `F${i}`, day: 15 + i, inserts: [1], qcPassed: false }));
    await index([...steady(1, 12), ...failed, { name: 'NOW', day: 25, inserts: [301] }]);
    const trend = await readTrend('NOW', key, { runs: 5, minHistory: 2 });
    expect(trend?.series.history.map((p) => p.runName)).toEqual(['S4_8', 'S4_9', 'S4_10', 'S4_11', 'S4_12']);
    expect(trend?.series.leftOut).toEqual({ excluded: 4, withoutMetric: 0 });
  });
});
