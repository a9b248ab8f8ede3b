import 'fake-indexeddb/auto';
import { readTrend } from '../lib/background/trends';
import { storedSample, type RunLibraryRecord, type RunRecord } from '../lib/cardea/records';
import { Assay, Run, Sample } from '../lib/cardea/schema';
import { listTrendRuns, readTrendSamples } from '../lib/db';
import { buildTrend } from '../lib/trends/series';
import { indexOneAssay } from '../tests/builders/trend-index';
import { median, type BenchModule, type Table } from './table';

// Opening a trend view: one metric of a 2,000-run-library assay over 30 prior runs, from IndexedDB (fake-indexeddb
// in Node, so the read is an in-memory stand-in for the browser's) to the series and its Westgard rules. The chart
// itself is not drawn here (no canvas in Node); the e2e test checks that uPlot draws it in Chromium.

const RUNS = 31;
const LIBRARIES = 2_000;
const REPEATS = 20;
const METRIC = 'Mean Insert Size';
const KEY = { category: 'FULL_DEPTH_SEQUENCING', assayId: 1, design: 'WG', metric: METRIC } as const;

const ASSAY = Assay.parse({
  id: 1,
  name: 'Bench WG',
  metricCategories: {
    FULL_DEPTH_SEQUENCING: [
      {
        name: 'Sequencing',
        libraryDesignCode: 'WG',
        metrics: [{ name: METRIC, thresholdType: 'GE', minimum: 150, units: 'bp' }],
      },
    ],
  },
});

async function index(): Promise<string> {
  const perRun = Math.ceil(LIBRARIES / RUNS);
  const runs: RunRecord[] = [];
  const libraries: RunLibraryRecord[] = [];
  for (let r = 0; r < RUNS; r++) {
    const day = String(r + 1).padStart(2, '0');
    const name = `2601${day}_A00469_${String(r).padStart(4, '0')}_BENCH`;
    const run = Run.parse({ id: r + 1, name, containerModel: 'S4', completionDate: `2026-01-${day}`, qcPassed: true });
    runs.push({ runName: name, run, facts: { lqCount: 0, fdCount: perRun, libraryDesigns: ['WG'], assayIds: [1] } });
    for (let l = 0; l < perRun && libraries.length < LIBRARIES; l++) {
      const sample = Sample.parse({
        id: `${r + 1}_1_LDI${l}`,
        name: `BENCH_${l}`,
        assayIds: [1],
        libraryDesignCode: 'WG',
        meanInsertSize: 340 + ((l * 37 + r * 11) % 21),
        run,
      });
      libraries.push({
        runName: name,
        category: 'FD',
        sampleId: sample.id,
        sample: storedSample(sample, name),
        caseIds: [],
        testNames: [],
      });
    }
  }
  await indexOneAssay('https://cardea.bench', ASSAY, runs, libraries);
  return runs.at(-1)!.runName;
}

export const trendsBench: BenchModule = {
  name: 'trends',
  async run(): Promise<Table[]> {
    const current = await index();
    const total: number[] = [];
    const pure: number[] = [];
    let history = 0;
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      const trend = await readTrend(current, KEY);
      total.push(performance.now() - started);
      history = trend?.series.history.length ?? 0;
      // The part after the read: the series and its rules from runs already in memory.
      const listed = (await listTrendRuns())!;
      const runs = listed.runs.map((r) => r.run);
      const samples = (await readTrendSamples(listed.generation, runs))!;
      const at = performance.now();
      const me = runs.find((r) => r.name === current)!;
      buildTrend({
        current: { run: me, samples: samples.get(me.name)!.fd },
        candidates: runs.filter((r) => r !== me).map((run) => ({ run, samples: samples.get(run.name)!.fd })),
        ...KEY,
        assaysById: listed.assaysById,
      });
      pure.push(performance.now() - at);
    }
    return [
      {
        title: `Trend view: ${METRIC} of a ${LIBRARIES.toLocaleString('en-CA')}-run-library assay, ${history} prior runs (${REPEATS} opens)`,
        columns: ['step', 'median ms', 'max ms'],
        rows: [
          ['request to series and rules (IndexedDB read included)', median(total), Math.max(...total)],
          ['series and rules after the read', median(pure), Math.max(...pure)],
        ],
        notes: [
          'IndexedDB is fake-indexeddb in Node (in memory); a browser’s own is slower to read and faster to parse.',
          'The chart is not drawn here (no canvas in Node); the goal is under 100 ms after the data is read.',
        ],
      },
    ];
  },
};
