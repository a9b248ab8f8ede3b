import type { QcInMisoBatch } from '../miso/qc-in-miso';
import type { Failure } from '../net/failure';
import type { FoundRunData, TableCategory } from './run-table-model';

// What the run overlay can be showing. The data hook produces it; the pure components render it.

export interface IndexProgress {
  bytes: number;
  cases: number;
  totalBytes?: number | null;
}

export type OverlayView =
  | { kind: 'loading' }
  /** No data at all, and asking for it failed. */
  | { kind: 'error'; failure: Failure }
  /** The background has not indexed a first Cardea document yet. */
  | { kind: 'not-indexed'; state: string; progress: IndexProgress | null }
  | { kind: 'not-found'; runName: string; asOf: string | null; stale: boolean; failure: Failure | null }
  | {
      kind: 'found';
      data: FoundRunData;
      /** Why the data is stale: the background's last refresh from Cardea failed. */
      failure: Failure | null;
      /** Shown from the page's cache while the background has not answered yet. */
      cached: boolean;
      /** The background could not be asked for fresher data; what is shown is the cached copy. */
      refreshFailure: Failure | null;
    };

export type OpenQcInMisoOutcome = { ok: true; opened: number } | { ok: false; failure: Failure };

/** `category`: the table the batches come from, so the background can plan them again from its own data. */
export type OpenQcInMiso = (batches: QcInMisoBatch[], category: TableCategory) => Promise<OpenQcInMisoOutcome>;
