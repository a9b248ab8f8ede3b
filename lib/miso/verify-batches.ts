import type { Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import { planQcInMiso, type QcInMisoBatch, type QcInMisoGrouping } from './qc-in-miso';

// The background sends MISO only what it works out itself (docs/qc-in-miso.md#session-and-delivery): a page
// that asks for QC in MISO names the run, the table and the batches it planned, and the background plans the
// same run-libraries again from its own index. Any difference (Cardea's data moved on while the dialog was
// open, or a page forged a value or a threshold) is refused with what differs; nothing the page sent is kept.

export type QcInMisoCategory = 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';

export interface AskedQcInMiso {
  runName: string;
  category: QcInMisoCategory;
  batches: QcInMisoBatch[];
}

/** The run as the background has it (a run view): its two tables and their assays. */
export interface RunTables {
  lq: Sample[];
  fd: Sample[];
  assaysById: AssaysById;
}

export type RebuiltQcInMiso = { ok: true; batches: QcInMisoBatch[] } | { ok: false; detail: string };

const TABLE_NAMES: Record<QcInMisoCategory, string> = {
  LIBRARY_QUALIFICATION: 'library qualification',
  FULL_DEPTH_SEQUENCING: 'full-depth sequencing',
};

const listed = (ids: string[]) =>
  ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');

type Path = (string | number)[];

/** The first place two JSON values differ, or undefined when they are equal. */
function firstDifference(
  asked: unknown,
  now: unknown,
  path: Path = [],
): { path: Path; asked: unknown; now: unknown } | undefined {
  if (Object.is(asked, now)) return undefined;
  const bothArrays = Array.isArray(asked) && Array.isArray(now);
  const bothObjects =
    !bothArrays && typeof asked === 'object' && typeof now === 'object' && asked !== null && now !== null;
  if (bothArrays && asked.length !== now.length)
    return { path: [...path, 'length'], asked: asked.length, now: now.length };
  if (bothArrays || bothObjects) {
    const a = asked as Record<string, unknown>;
    const n = now as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(n)])) {
      const found = firstDifference(a[key], n[key], [...path, Array.isArray(asked) ? Number(key) : key]);
      if (found) return found;
    }
    return undefined;
  }
  return { path, asked, now };
}

/** A value for the message; a forged one may be long. */
const shown = (value: unknown) => {
  const text = value === undefined ? 'none' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** "5476_1_LDI1, Mean Insert Size: value 999 asked, 312.5 now": the first difference, short enough for a banner. */
function describe(asked: QcInMisoBatch[], now: QcInMisoBatch[]): string | undefined {
  if (asked.length !== now.length) return `${now.length} MISO pages now, ${asked.length} asked`;
  for (const [i, batch] of asked.entries()) {
    const found = firstDifference(batch, now[i]);
    if (!found) continue;
    const values = `${shown(found.asked)} asked, ${shown(found.now)} now`;
    const [top, , library, , metric, ...field] = found.path;
    if (top === 'request' && found.path[1] === 'library_aliquots' && typeof library === 'number') {
      const where = batch.runLibraryIds[library] ?? `library ${library + 1}`;
      const title =
        typeof metric === 'number' ? batch.request.library_aliquots[library]?.metrics[metric]?.title : undefined;
      const what = title === undefined ? found.path.slice(3).join('.') : `${title}: ${field.join('.')}`;
      return `${where}, ${what} ${values}`;
    }
    return `page ${shown(batch.label)}, ${found.path.join('.')} ${values}`;
  }
  return undefined;
}

/**
 * Plans the asked run-libraries again from `run` (in the order asked) and returns those batches when they equal
 * what was asked; otherwise why not. `run` undefined: the run is not in the background's data.
 */
export function rebuildQcInMiso(
  asked: AskedQcInMiso,
  run: RunTables | undefined,
  grouping: QcInMisoGrouping,
): RebuiltQcInMiso {
  const table = TABLE_NAMES[asked.category];
  if (!run) return { ok: false, detail: `run ${asked.runName} is not in Bao’s data` };
  const ids = asked.batches.flatMap((b) => b.runLibraryIds);
  const seen = new Set<string>();
  const repeated = new Set(ids.filter((id) => seen.size === seen.add(id).size));
  if (repeated.size > 0) return { ok: false, detail: `${listed([...repeated])} asked more than once` };
  const byId = new Map((asked.category === 'LIBRARY_QUALIFICATION' ? run.lq : run.fd).map((s) => [s.id, s]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    return { ok: false, detail: `${listed(missing)} not in run ${asked.runName}’s ${table} data` };
  }
  const { batches } = planQcInMiso({
    samples: ids.map((id) => byId.get(id)!),
    category: asked.category,
    assaysById: run.assaysById,
    grouping,
  });
  const difference = describe(asked.batches, batches);
  if (difference === undefined) return { ok: true, batches };
  return {
    ok: false,
    detail: `Run ${asked.runName}’s data changed since this dialog opened (${difference}): close it and choose QC in MISO again`,
  };
}
