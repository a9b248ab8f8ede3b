// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { CaseData } from '../../../lib/cardea/schema';
import { planQcInMiso, type QcInMisoGrouping } from '../../../lib/miso/qc-in-miso';
import { isRunMetricName } from '../../../lib/qc/applicability';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { readMetricsRequest } from '../../../sandbox/miso/metrics-request';
import { MisoState } from '../../../sandbox/miso/state';
import { World } from '../../../sandbox/world';
import { runLibraries } from '../../builders/cardea';

// Every run of a generated dataset, planned as a user selecting all its run-libraries: what MISO
// (the sandbox's copy of its request reader and run-library lookup) makes of each batch.

const caseDataInput = generateCaseData({ seed: 7, runs: 6, librariesPerLane: 4, cases: 24 });
const caseData = CaseData.parse(caseDataInput);
const miso = new MisoState(new World(caseDataInput, { etlDelayMs: 0 }));

type Category = 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';
const selections = new Map(runLibraries(caseDataInput).map((e) => [`${e.runName}|${e.category}`, e.samples]));
const cases = [...selections].flatMap(([key, samples]) =>
  (['by-assay-and-design', 'combined'] as QcInMisoGrouping[]).map((grouping) => ({
    key,
    samples,
    grouping,
    category: key.split('|')[1] as Category,
  })),
);

test('the dataset has runs to plan', () => {
  expect(cases.length).toBeGreaterThan(4);
});

describe.each(cases)('$key, $grouping', ({ samples, grouping, category }) => {
  const plan = planQcInMiso({ samples, category, assaysById: caseData.assaysById, grouping });

  test('every selected library is sent once or left out with a reason', () => {
    const sent = plan.batches.flatMap((b) => b.runLibraryIds);
    const left = plan.leftOut.map((l) => l.runLibraryId);
    expect([...sent, ...left].sort()).toEqual(samples.map((s) => s.id).sort());
    expect(plan.leftOut.every((l) => l.reason.length > 0)).toBe(true);
  });

  test('MISO accepts every batch and finds every run-library in it', () => {
    for (const batch of plan.batches) {
      const requested = readMetricsRequest(JSON.stringify(batch.request));
      const found = requested.map((r) => miso.findRunLibrary(r.runId, r.partitionNumber, r.aliquotId)?.cardeaId);
      expect(found).toEqual(batch.runLibraryIds);
    }
  });

  test('no run metrics and no BOOLEAN metrics are sent', () => {
    for (const batch of plan.batches) {
      for (const library of batch.request.library_aliquots) {
        const sample = samples.find((s) => s.id.endsWith(`_${library.partition}_${library.name}`));
        const comparable = new Set(
          (sample?.assayIds ?? []).flatMap((id) =>
            (caseData.assaysById[String(id)]?.metricCategories[category] ?? []).flatMap((sub) =>
              sub.metrics.filter((m) => m.thresholdType !== 'BOOLEAN').map((m) => m.name),
            ),
          ),
        );
        for (const metric of library.metrics) {
          expect(isRunMetricName(metric.title), metric.title).toBe(false);
          expect(comparable.has(metric.title), `${metric.title} has a threshold to compare`).toBe(true);
        }
      }
    }
  });

  test('grouped batches share assay and design', () => {
    if (grouping === 'combined') {
      expect(plan.batches.length).toBeLessThanOrEqual(1);
      return;
    }
    for (const batch of plan.batches) {
      const members = samples.filter((s) => batch.runLibraryIds.includes(s.id));
      const keys = new Set(members.map((s) => `${[...s.assayIds].sort().join('+')}|${s.libraryDesignCode}`));
      expect(keys.size, batch.label).toBe(1);
    }
  });
});
