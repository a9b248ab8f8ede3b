import { cleanup, render } from '@testing-library/preact';
import { afterEach, expect, test, vi } from 'vitest';
import { QcInMisoDialog } from '../../../components/run-overlay/qc-in-miso-dialog';
import { assay, assaysById, sample, subcategory } from '../qc/builders';

// What the QC-in-MISO dialog says before opening anything, when one group is too big for one MISO page.

afterEach(cleanup);

/** Long metric titles, as some labs write them: a 2,000-library run then passes 1.5 MB. */
const long = (name: string) =>
  `${name} (per library, after deduplication, against the assay's Call Ready threshold, as reported by the QC pipeline)`;

const assays = assaysById(
  assay(1, {
    FULL_DEPTH_SEQUENCING: [
      subcategory(
        [
          { name: long('Mean Coverage Deduplicated'), thresholdType: 'GE', minimum: 40, sortPriority: 1 },
          { name: long('Mean Insert Size'), thresholdType: 'GT', minimum: 150, sortPriority: 2 },
          { name: long('Duplication Rate'), thresholdType: 'LE', maximum: 50, sortPriority: 3 },
        ],
        { name: 'WG Call Ready', libraryDesignCode: 'WG' },
      ),
    ],
  }),
);

const titles = ['Mean Coverage Deduplicated', 'Mean Insert Size', 'Duplication Rate'].map(long);
const samples = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    sample({
      id: `5476_${(i % 8) + 1}_LDI${1000 + i}`,
      name: `LIB_${i}_WG`,
      sequencingLane: String((i % 8) + 1),
      metrics: titles.map((name, m) => ({ name, metricLevel: 'SAMPLE' as const, value: 41.27 + m })),
    }),
  );

function dialog(n: number) {
  return render(
    <QcInMisoDialog
      runName="230105_A00469_0405_AHXXXXDSX3"
      tableTitle="Full-Depth Sequencing"
      category="FULL_DEPTH_SEQUENCING"
      samples={samples(n)}
      assaysById={assays}
      grouping="by-assay-and-design"
      onOpen={vi.fn(async (batches) => ({ ok: true as const, opened: batches.length }))}
      onClose={vi.fn()}
    />,
  );
}

test('a selection too big for one MISO page: the dialog says it is sent as several pages, and why', () => {
  const view = dialog(2_000);
  const split = view.container.querySelector('[data-bao="qc-split"]');
  expect(split?.textContent).toMatch(
    /^Assay 1 · WG is sent as \d+ MISO pages because its form \(\d+\.\d MB\) would be larger than MISO’s server takes/,
  );
  const pages = Number(/sent as (\d+) MISO pages/.exec(split?.textContent ?? '')?.[1]);
  const items = Array.from(view.container.querySelectorAll('[data-bao="qc-batches"] li'), (li) => li.textContent);
  expect(items).toHaveLength(pages);
  expect(items[0]).toMatch(/^Assay 1 · WG \(page 1 of \d+\): \d+ libraries$/);
  expect(view.container.textContent).toContain(`Bao will open ${pages} MISO pages:`);
});

test('a selection that fits says nothing about splitting', () => {
  const view = dialog(20);
  expect(view.container.querySelector('[data-bao="qc-split"]')).toBeNull();
  expect(Array.from(view.container.querySelectorAll('[data-bao="qc-batches"] li'), (li) => li.textContent)).toEqual([
    'Assay 1 · WG: 20 libraries',
  ]);
});

test('the dialog names the run MISO will get, before anything is sent', () => {
  const view = dialog(3);
  expect(view.container.querySelector('[data-bao="qc-run-name"]')?.textContent).toBe('230105_A00469_0405_AHXXXXDSX3');
});
