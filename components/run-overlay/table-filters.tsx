import type { RunTableRow, TableKey } from '../../lib/run-table/run-table-model';
import { filterOptions, hasFilters, type FilterKey, type Filters } from '../../lib/run-table/table-view';

/** Escape closes an open filter menu and returns focus to its summary. */
function closeOnEscape(event: KeyboardEvent): void {
  const details = event.currentTarget as HTMLDetailsElement;
  if (event.key !== 'Escape' || !details.open) return;
  event.stopPropagation();
  details.open = false;
  details.querySelector('summary')?.focus();
}

const FILTER_LABELS: Record<FilterKey, string> = { project: 'Project', design: 'Library design', status: 'QC status' };

export interface TableFiltersProps {
  tableKey: TableKey;
  rows: readonly RunTableRow[];
  filters: Filters;
  onChange: (filters: Filters) => void;
}

/** Project, library design and QC status filters: several values of one are OR-ed, different ones AND-ed. */
export function TableFilters({ tableKey, rows, filters, onChange }: TableFiltersProps) {
  const toggle = (key: FilterKey, value: string) => {
    const current: string[] = filters[key];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    onChange({ ...filters, [key]: next });
  };
  return (
    <div class="bao-filters" role="group" aria-label="Filters">
      {(Object.keys(FILTER_LABELS) as FilterKey[]).map((key) => {
        const options = filterOptions(rows, key);
        const chosen: string[] = filters[key];
        const summary = chosen.length
          ? options
              .filter((o) => chosen.includes(o.value))
              .map((o) => o.label)
              .join(', ')
          : 'all';
        return (
          <details class="bao-filter" key={key} data-filter={key} onKeyDown={closeOnEscape}>
            <summary class="bao-filter__summary">
              {FILTER_LABELS[key]}: <span class={chosen.length ? 'bao-filter__on' : ''}>{summary}</span>
            </summary>
            <fieldset class="bao-filter__menu">
              <legend>{FILTER_LABELS[key]}</legend>
              {options.map((option, i) => {
                const id = `bao-${tableKey}-filter-${key}-${i}`;
                return (
                  <div class="bao-filter__option" key={option.value}>
                    <input
                      id={id}
                      type="checkbox"
                      checked={chosen.includes(option.value)}
                      onChange={() => toggle(key, option.value)}
                    />
                    <label for={id}>
                      {option.label} <span class="bao-muted">({option.count})</span>
                    </label>
                  </div>
                );
              })}
            </fieldset>
          </details>
        );
      })}
      <button
        type="button"
        class="bao-button bao-button--quiet"
        disabled={!hasFilters(filters)}
        onClick={() => onChange({ project: [], design: [], status: [] })}
      >
        Clear filters
      </button>
    </div>
  );
}
