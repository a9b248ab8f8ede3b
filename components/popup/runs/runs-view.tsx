import { useEffect, useMemo, useState } from 'preact/hooks';
import { describeFailure, type Failure } from '../../../lib/net/failure';
import { formatDateTime } from '../format';
import {
  DEFAULT_FILTERS,
  DEFAULT_SORT,
  filterRuns,
  filtersActive,
  firstDirection,
  sortRuns,
  type RunFilters,
  type RunLinks,
  type RunList,
  type Sort,
  type SortKey,
} from './run-rows';
import { RunsTable } from './runs-table';
import { RunsToolbar } from './runs-toolbar';
import { plural } from '../../../lib/text';

export interface RunsViewProps {
  /** null until the first answer arrives. */
  list: RunList | null;
  /** Why the last load failed; with a list, that list is still shown. */
  error: Failure | string | null;
  links: RunLinks;
  onOpen: (url: string) => void;
  onCopy: (text: string) => Promise<void> | void;
  initialSort?: Sort;
  initialFilters?: RunFilters;
  /** The listed runs with a trend warning; null while unknown. */
  trendWarned?: ReadonlySet<string> | null;
}

function Skeleton() {
  return (
    <div class="bao-runs-skeleton" aria-busy="true" role="status">
      <span class="bao-sr-only">Loading runs…</span>
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} class="bao-runs-skeleton__row" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
      ))}
    </div>
  );
}

/** The popup's Runs view: what Dimsum's Active Notifications page lists (docs/notifications-and-tickets.md#badge), sortable and filterable. */
export function RunsView({
  list,
  error,
  links,
  onOpen,
  onCopy,
  initialSort = DEFAULT_SORT,
  initialFilters = DEFAULT_FILTERS,
  trendWarned = null,
}: RunsViewProps) {
  const [sort, setSort] = useState<Sort>(initialSort);
  const [filters, setFilters] = useState<RunFilters>(initialFilters);
  const [copied, setCopied] = useState<{ run: string; ok: boolean } | null>(null);
  const rows = useMemo(
    () => (list ? sortRuns(filterRuns(list.runs, filters, trendWarned), sort) : []),
    [list, filters, sort, trendWarned],
  );

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const onSort = (key: SortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: firstDirection(key) },
    );
  const copy = (run: string) => {
    let copying: Promise<void>;
    try {
      copying = Promise.resolve(onCopy(run));
    } catch (error) {
      copying = Promise.reject(error);
    }
    void copying.then(
      () => setCopied({ run, ok: true }),
      () => setCopied({ run, ok: false }),
    );
  };

  const errorText = error === null ? null : typeof error === 'string' ? error : describeFailure(error);
  const state = list ? 'ready' : errorText ? 'error' : 'loading';
  const hidden = list ? list.runs.length - list.runs.filter((r) => r.requiresAction).length : 0;

  return (
    <div class="bao-runs-view" data-bao="runs-view" data-state={state}>
      {errorText && (
        <div class="bao-banner bao-banner--error" role="alert" data-bao="runs-error">
          {list ? `Could not refresh the runs: ${errorText} Showing the runs as loaded before.` : errorText}
        </div>
      )}
      {state === 'loading' && <Skeleton />}
      {list?.stale && (
        <p class="bao-runs-stale" role="status" data-bao="runs-stale">
          <span aria-hidden="true">⚠</span> Stale: the last refresh failed, so these are the runs as of{' '}
          {formatDateTime(list.asOf)}.
        </p>
      )}
      {list && list.runs.length > 0 && (
        <RunsToolbar
          filters={filters}
          onFilters={setFilters}
          shown={rows.length}
          total={list.runs.length}
          trendWarnings={trendWarned ? list.runs.filter((r) => trendWarned.has(r.runName)).length : null}
        />
      )}
      {list && rows.length > 0 && (
        <>
          <RunsTable
            rows={rows}
            links={links}
            sort={sort}
            onSort={onSort}
            onOpen={onOpen}
            onCopy={copy}
            copiedRun={copied?.ok ? copied.run : null}
          />
          <p id="bao-runs-keys" class="bao-runs-hint">
            ↑ ↓ move between runs · Enter opens the run’s ticket, or its MISO page when there is none
          </p>
        </>
      )}
      {list && rows.length === 0 && (
        <div class="bao-empty" data-bao="runs-empty">
          {filtersActive(filters) && list.runs.length > 0 ? (
            <>
              <p>No run matches the filters.</p>
              <button type="button" class="bao-button" onClick={() => setFilters(DEFAULT_FILTERS)}>
                Clear filters
              </button>
            </>
          ) : (
            <>
              <p>Nothing waits for a run sign-off.</p>
              <p class="bao-runs-asof">Data as of {formatDateTime(list.asOf)}.</p>
              {hidden > 0 && (
                <button
                  type="button"
                  class="bao-button"
                  onClick={() => setFilters({ ...filters, needsActionOnly: false })}
                >
                  Show {plural(hidden, 'run', 'runs')} waiting only for analysis
                </button>
              )}
            </>
          )}
        </div>
      )}
      <span class="bao-sr-only" role="status">
        {copied ? (copied.ok ? `Copied ${copied.run}` : `Could not copy ${copied.run}`) : ''}
      </span>
    </div>
  );
}
