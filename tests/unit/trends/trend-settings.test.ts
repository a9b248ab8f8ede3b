// @vitest-environment node
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { messageHandlers } from '../../../lib/background/messages';
import { storedSample, type RunLibraryRecord, type RunRecord } from '../../../lib/cardea/records';
import { Run } from '../../../lib/cardea/schema';
import type { SettingsInput } from '../../../lib/storage';
import type { Trend } from '../../../lib/trends/schema';
import { assay, metric, run, sample, subcategory } from '../../builders/cardea';
import { indexOneAssay } from '../../builders/trend-index';
import { fakePipeline, popupSender } from '../background-harness';
import { freshDatabase } from '../pipeline/helpers';

// The trend settings reach the background's answers: the series length and the minimum history a user stored
// (or an administrator's policy set) are what the trend view and the trend warnings use.

const INSERT = 'Mean Insert Size';
const key = { category: 'FULL_DEPTH_SEQUENCING' as const, assayId: 1, design: 'WG', metric: INSERT };
const ASSAY = assay(1, {
  FULL_DEPTH_SEQUENCING: [
    subcategory([metric({ name: INSERT, thresholdType: 'GE', minimum: 150, units: 'bp' })], {
      libraryDesignCode: 'WG',
    }),
  ],
});

/** A run of the S4 flow cell on day `day` of February, with these insert sizes. */
function records(name: string, day: number, inserts: number[]) {
  const completionDate = `2024-02-${String(day).padStart(2, '0')}`;
  const libraries: RunLibraryRecord[] = inserts.map((meanInsertSize, i) => {
    const s = sample({ id: `${name}_${i}`, libraryDesignCode: 'WG', meanInsertSize, run: run({ name }) });
    return { runName: name, category: 'FD', sampleId: s.id, sample: storedSample(s, name), caseIds: [], testNames: [] };
  });
  const record: RunRecord = {
    runName: name,
    run: Run.parse(run({ id: day, name, containerModel: 'S4', completionDate })),
    facts: { lqCount: 0, fdCount: inserts.length, libraryDesigns: ['WG'], assayIds: [1] },
  };
  return { record, libraries };
}

/** Twelve steady prior runs, then LOW, whose inserts are far below them (1-3s with enough history). */
async function indexTwelveAndLow() {
  const specs = Array.from({ length: 12 }, (_, i) => records(`S4_${i + 1}`, i + 1, [296 + (i % 2) * 8, 300, 305]));
  specs.push(records('LOW', 20, [200, 210, 190]));
  const runs = specs.map((s) => s.record);
  await indexOneAssay(
    'https://cardea.lab.org',
    ASSAY,
    runs,
    specs.flatMap((s) => s.libraries),
  );
}

const handlers = () => messageHandlers({ pipeline: fakePipeline(() => ({}) as never) });

async function trendOf(runName: string): Promise<Trend> {
  const result = await handlers().getTrend!({ runName, key }, popupSender);
  if (!result.ok || !result.value) throw new Error(`getTrend failed: ${JSON.stringify(result)}`);
  return result.value;
}

async function warningRules(runName: string): Promise<string[]> {
  const result = await handlers().getTrendWarnings!({ runNames: [runName] }, popupSender);
  if (!result.ok) throw new Error(`getTrendWarnings failed: ${JSON.stringify(result)}`);
  return result.value.flatMap((w) => w.warnings.flatMap((warning) => warning.rules));
}

const store = (settings: Partial<SettingsInput>) => fakeBrowser.storage.local.set({ settings });

beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  await indexTwelveAndLow();
});

describe('the background uses the stored trend settings', () => {
  test('by default, 12 prior runs are enough history and the 1-3s rule fires on LOW', async () => {
    const trend = await trendOf('LOW');
    expect(trend.series.history).toHaveLength(12);
    expect(trend.series.limit).toBe(30);
    expect(trend.analysis.status).toBe('ok');
    expect(await warningRules('LOW')).toEqual(['1-3s']);
  });

  test('a minimum history of 15: 12 prior runs are not enough, and no warning is raised', async () => {
    await store({ trendMinHistory: 15 });
    const trend = await trendOf('LOW');
    expect(trend.analysis).toEqual({ status: 'not-enough-history', have: 12, need: 15 });
    expect(await warningRules('LOW')).toEqual([]);
  });

  test('a series of 5 runs holds the 5 newest prior runs only', async () => {
    await store({ trendRuns: 5, trendMinHistory: 5 });
    const trend = await trendOf('LOW');
    expect(trend.series.history.map((p) => p.runName)).toEqual(['S4_8', 'S4_9', 'S4_10', 'S4_11', 'S4_12']);
    expect(trend.series.limit).toBe(5);
    expect(trend.analysis.status).toBe('ok');
  });

  test('an administrator’s policy wins over the stored values', async () => {
    await store({ trendMinHistory: 5 });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => ({ trendMinHistory: 13 }));
    expect((await trendOf('LOW')).analysis).toEqual({ status: 'not-enough-history', have: 12, need: 13 });
  });

  test('a policy that shortens the series below the stored minimum: the minimum gives way to the series', async () => {
    await store({ trendMinHistory: 20 });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => ({ trendRuns: 6 }));
    const trend = await trendOf('LOW');
    expect(trend.series.history).toHaveLength(6);
    expect(trend.analysis.status).toBe('ok');
  });
});
