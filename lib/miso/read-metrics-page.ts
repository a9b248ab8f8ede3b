import { z } from 'zod';
import { inlineScriptContaining, jsonArgumentAfter } from './inline-json';
import { MetricsPageRow } from './schema';
import { queryMiso } from './selectors';

// What MISO answered to a "QC in MISO" POST (docs/qc-in-miso.md#what-miso-refuses, docs/qc-in-miso.md#run-library-metrics-page): the Run-Library Metrics page
// with its rows, or one of MISO's HTML error pages (400 "Invalid request data", 404 "Run-library
// not found", …) at the same URL. MISO's error page has no `h1`: its title is `p.errorTitle` and
// its message `div#flasherror`, inside the usual header and footer.

const BUILD_TABLE = 'RunLibraryMetrics.buildTable(';

export type MetricsPageReading =
  | {
      kind: 'table';
      table: Element;
      /** Cardea's ids, `{runId}_{lane}_LDI{aliquotId}`, one per row. */
      runLibraryIds: string[];
      /** The page script draws nothing when a metric has no value or an unknown threshold type. */
      drawn: boolean;
      /** `alias: title` of each metric without a value. */
      missingValues: string[];
    }
  | { kind: 'error'; anchor: Element; heading: string; message: string };

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The run-library node (last) holds `[runId, partitionId, aliquotId]`; the lane number is in the labels. */
function runLibraryId(row: MetricsPageRow): string | undefined {
  const node = row.qcNodes.at(-1);
  if (node?.entityType !== 'Run-Library' || node.ids?.length !== 3) return undefined;
  const [runId, , aliquotId] = node.ids;
  const partition = row.qcNodes.find((n) => n.entityType === 'Run-Partition');
  const lane =
    / partition (\d+)$/.exec(partition?.label ?? '')?.[1] ?? / partition (\d+) - /.exec(node.label ?? '')?.[1];
  return lane === undefined ? undefined : `${runId}_${Number(lane)}_LDI${aliquotId}`;
}

function pageRows(doc: Document): MetricsPageRow[] | undefined {
  const script = inlineScriptContaining(doc, BUILD_TABLE);
  const json = script && jsonArgumentAfter(script, BUILD_TABLE, '[');
  if (!json) return undefined;
  try {
    const parsed = z.array(MetricsPageRow).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Undefined while the page is still rendering (or is neither of the two). */
export function readMetricsPage(doc: Document): MetricsPageReading | undefined {
  const table = queryMiso(doc, 'metricsTable');
  if (!table) {
    if (doc.readyState === 'loading') return undefined;
    const title = queryMiso(doc, 'errorTitle');
    const flash = queryMiso(doc, 'errorMessage');
    const heading = text(title);
    const message = text(flash) || heading;
    const anchor = flash ?? title;
    if (!anchor || message === '') return undefined;
    return { kind: 'error', anchor, heading, message };
  }
  const drawn = table.querySelectorAll(':scope > tbody > tr').length > 0;
  const rows = pageRows(doc);
  const fromJson = rows?.map(runLibraryId);
  const runLibraryIds =
    fromJson !== undefined && fromJson.every((id): id is string => id !== undefined)
      ? fromJson
      : Array.from(
          table.querySelectorAll(':scope > tbody > tr[data-run-library]'),
          (tr) => tr.getAttribute('data-run-library') ?? '',
        );
  if (runLibraryIds.length === 0 || runLibraryIds.includes('')) return undefined;
  const missingValues = (rows ?? []).flatMap((row) =>
    row.metrics.filter((m) => m.value === null).map((m) => `${row.libraryAliquot.alias}: ${m.title}`),
  );
  return { kind: 'table', table, runLibraryIds, drawn, missingValues };
}
