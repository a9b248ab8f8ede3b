// @vitest-environment node
import { beforeEach, expect, test } from 'vitest';
import { readTrendWarnings } from '../../../lib/background/trends';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import { CaseData } from '../../../lib/cardea/schema';
import { listTrendRuns, openIndexWriter } from '../../../lib/db';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { serializeCaseData } from '../../../sandbox/cardea/serialize';
import { TREND_ASSAY_ID } from '../../../sandbox/cardea/trend-drift';
import { DEFAULT_GENERATOR } from '../../../sandbox/server';
import { freshDatabase } from '../pipeline/helpers';

beforeEach(freshDatabase);

async function ingest(trendDrift: boolean) {
  const pieces = serializeCaseData(generateCaseData({ ...DEFAULT_GENERATOR, trendDrift }));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  await ingestDimsum(body, await openIndexWriter('https://cardea.lab.org'), { batchSize: 50 });
}

test('the drift dataset: a trend warning on the drifting instrument’s latest run, and on no other run', async () => {
  await ingest(true);
  const runs = (await listTrendRuns())!.runs.map((r) => r.run);
  const warned: string[] = [];
  for (const run of runs) {
    const answer = await readTrendWarnings(run.name);
    if (answer?.warnings.length) warned.push(`${run.name}: ${answer.warnings.map((w) => `${w.metric} ${w.rules}`)}`);
  }
  const drifting = runs
    .filter((r) => r.name.includes('_A00953_') && r.name.includes('BTREND'))
    .sort((a, b) => (a.completionDate! < b.completionDate! ? -1 : 1));
  expect(drifting).toHaveLength(30);
  expect(warned).toEqual([`${drifting.at(-1)!.name}: Mean Insert Size 10-x`]);
});

test('the option adds its own assay and cases and leaves the seeded document as it was', () => {
  const plain = generateCaseData(DEFAULT_GENERATOR);
  const drift = generateCaseData({ ...DEFAULT_GENERATOR, trendDrift: true });
  expect(drift.cases.slice(0, plain.cases.length)).toEqual(plain.cases);
  expect(drift.cases.length - plain.cases.length).toBe(2);
  const parsed = CaseData.parse(drift);
  const inserts = parsed.cases
    .filter((c) => c.assayId === TREND_ASSAY_ID)
    .flatMap((c) => c.tests.flatMap((t) => t.fullDepthSequencings.map((s) => s.meanInsertSize!)));
  expect(Math.min(...inserts)).toBeGreaterThan(150);
});
