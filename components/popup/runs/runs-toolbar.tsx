import type { QuickFilter, RunFilters } from './run-rows';
import { plural } from '../../../lib/text';

const QUICK: { id: QuickFilter; label: string; title: string }[] = [
  { id: 'all', label: 'All', title: 'Every run' },
  { id: 'pendingQc', label: 'Pending QC', title: 'Runs with libraries pending QC, or whose own QC is pending' },
  {
    id: 'pendingDataReview',
    label: 'Pending data review',
    title: 'Runs with libraries pending data review, or whose own data review is pending',
  },
];

export interface RunsToolbarProps {
  filters: RunFilters;
  onFilters: (filters: RunFilters) => void;
  shown: number;
  total: number;
  /** How many listed runs have a trend warning; null hides the trend filter (not known yet). */
  trendWarnings?: number | null;
}

/** Name filter, "needs action only" and the pending QC / data review quick filter. */
export function RunsToolbar({ filters, onFilters, shown, total, trendWarnings = null }: RunsToolbarProps) {
  const set = (change: Partial<RunFilters>) => onFilters({ ...filters, ...change });
  return (
    <div class="bao-runs-toolbar" role="search">
      <input
        type="search"
        class="bao-runs-toolbar__text"
        placeholder="Filter by run name"
        aria-label="Filter runs by name"
        value={filters.text}
        onInput={(event) => set({ text: event.currentTarget.value })}
      />
      <label class="bao-runs-toolbar__toggle">
        <input
          type="checkbox"
          checked={filters.needsActionOnly}
          onChange={(event) => set({ needsActionOnly: event.currentTarget.checked })}
        />
        Needs action only
      </label>
      {trendWarnings !== null && (
        <label class="bao-runs-toolbar__toggle" title="Runs where a Westgard rule fires for a metric (advisory)">
          <input
            type="checkbox"
            data-bao="runs-trend-filter"
            checked={filters.trendOnly === true}
            onChange={(event) => set({ trendOnly: event.currentTarget.checked })}
          />
          ◆ Trend warnings ({trendWarnings})
        </label>
      )}
      <fieldset class="bao-runs-toolbar__quick">
        <legend class="bao-sr-only">Show</legend>
        {QUICK.map((q) => (
          <label title={q.title} class={filters.quick === q.id ? 'is-on' : undefined}>
            <input
              type="radio"
              name="bao-runs-quick"
              value={q.id}
              checked={filters.quick === q.id}
              onChange={() => set({ quick: q.id })}
            />
            {q.label}
          </label>
        ))}
      </fieldset>
      <span class="bao-runs-toolbar__summary" aria-live="polite">
        {shown === total ? plural(total, 'run', 'runs') : `${shown} of ${plural(total, 'run', 'runs')}`}
      </span>
    </div>
  );
}
