import { z } from 'zod';
import type { RunTable } from './run-table-model';

// What the run table remembers between visits: the columns hidden per assay (the same assay has the same metrics on
// every run) and the row density. Pure; lib/storage.ts keeps it in the extension's storage.

export const DETAIL_KINDS = ['lane', 'project', 'tissue', 'design', 'activity'] as const;

export const HiddenColumns = z.object({
  metrics: z.array(z.string()).catch([]),
  details: z.array(z.enum(DETAIL_KINDS)).catch([]),
});
export type HiddenColumns = z.infer<typeof HiddenColumns>;

export const TablePrefs = z.object({
  density: z.enum(['comfortable', 'compact']).catch('comfortable'),
  /** By `assayKey`. */
  hidden: z.record(z.string(), HiddenColumns).catch({}),
});
export type TablePrefs = z.infer<typeof TablePrefs>;

export const DEFAULT_TABLE_PREFS: TablePrefs = { density: 'comfortable', hidden: {} };
export const NOTHING_HIDDEN: HiddenColumns = { metrics: [], details: [] };

/** Storage that no longer parses is not trusted: the defaults are used instead. */
export function parseTablePrefs(raw: unknown): TablePrefs {
  const parsed = TablePrefs.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_TABLE_PREFS;
}

/**
 * The key a table's column choice is kept under: its category and the assays of its rows. A run of one assay shares
 * the choice with every other run of that assay; a run mixing assays has its own.
 */
export function assayKey(table: Pick<RunTable, 'key' | 'rows'>): string {
  const ids = [...new Set(table.rows.flatMap((row) => row.sample.assayIds))].sort((a, b) => a - b);
  return `${table.key}:${ids.join(',') || 'none'}`;
}

export function hiddenFor(prefs: TablePrefs, key: string): HiddenColumns {
  return prefs.hidden[key] ?? NOTHING_HIDDEN;
}

export function withHidden(prefs: TablePrefs, key: string, hidden: HiddenColumns): TablePrefs {
  const rest = Object.fromEntries(Object.entries(prefs.hidden).filter(([k]) => k !== key));
  const empty = hidden.metrics.length === 0 && hidden.details.length === 0;
  return { ...prefs, hidden: empty ? rest : { ...rest, [key]: hidden } };
}
