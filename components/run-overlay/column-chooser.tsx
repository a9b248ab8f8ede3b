import type { TableKey } from '../../lib/run-table/run-table-model';
import { DETAIL_KINDS, type HiddenColumns } from '../../lib/run-table/table-prefs';
import { DETAIL_COLUMNS, type Density } from './grid-columns';

const DETAIL_LABELS: Record<(typeof DETAIL_KINDS)[number], string> = {
  ...(Object.fromEntries(DETAIL_COLUMNS.map((c) => [c.kind, c.label])) as Record<
    (typeof DETAIL_COLUMNS)[number]['kind'],
    string
  >),
  activity: 'Latest Activity',
};

/** Escape closes the menu and returns focus to its summary. */
function closeOnEscape(event: KeyboardEvent): void {
  const details = event.currentTarget as HTMLDetailsElement;
  if (event.key !== 'Escape' || !details.open) return;
  event.stopPropagation();
  details.open = false;
  details.querySelector('summary')?.focus();
}

export interface ColumnChooserProps {
  tableKey: TableKey;
  metrics: readonly string[];
  hidden: HiddenColumns;
  onChange: (hidden: HiddenColumns) => void;
}

/** Which metric (and descriptive) columns the table shows; remembered per assay by the overlay's host. */
export function ColumnChooser({ tableKey, metrics, hidden, onChange }: ColumnChooserProps) {
  const shownMetrics = metrics.filter((m) => !hidden.metrics.includes(m)).length;
  const toggle = <T extends string>(list: readonly T[], value: T): T[] =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const option = (id: string, label: string, checked: boolean, onToggle: () => void) => (
    <div class="bao-filter__option" key={id}>
      <input id={id} type="checkbox" checked={checked} onChange={onToggle} />
      <label for={id}>{label}</label>
    </div>
  );
  return (
    <details class="bao-filter bao-columns" data-bao="column-chooser" onKeyDown={closeOnEscape}>
      <summary class="bao-filter__summary">
        Columns:{' '}
        <span class={shownMetrics < metrics.length || hidden.details.length ? 'bao-filter__on' : ''}>
          {shownMetrics} of {metrics.length} metrics
        </span>
      </summary>
      <div class="bao-filter__menu bao-columns__menu">
        <fieldset class="bao-columns__group">
          <legend>Metrics</legend>
          {metrics.map((metric, i) =>
            option(`bao-${tableKey}-col-m${i}`, metric, !hidden.metrics.includes(metric), () =>
              onChange({ ...hidden, metrics: toggle(hidden.metrics, metric) }),
            ),
          )}
        </fieldset>
        <fieldset class="bao-columns__group">
          <legend>Details</legend>
          {DETAIL_KINDS.map((kind) =>
            option(`bao-${tableKey}-col-${kind}`, DETAIL_LABELS[kind], !hidden.details.includes(kind), () =>
              onChange({ ...hidden, details: toggle(hidden.details, kind) }),
            ),
          )}
        </fieldset>
        <button
          type="button"
          class="bao-button bao-button--small"
          disabled={!hidden.metrics.length && !hidden.details.length}
          onClick={() => onChange({ metrics: [], details: [] })}
        >
          Show all columns
        </button>
      </div>
    </details>
  );
}

/** Comfortable or compact rows: a pressed toggle button. */
export function DensityToggle({ density, onChange }: { density: Density; onChange: (density: Density) => void }) {
  const compact = density === 'compact';
  return (
    <button
      type="button"
      class="bao-button"
      aria-pressed={compact}
      data-bao="density"
      onClick={() => onChange(compact ? 'comfortable' : 'compact')}
      title="Smaller rows and text, more of the table on screen"
    >
      Compact rows
    </button>
  );
}

/** What the marks in the cells mean, on screen rather than only in tooltips. */
export function TableLegend() {
  return (
    <p class="bao-legend" data-bao="legend">
      <span class="bao-legend__item">
        <span class="bao-legend__swatch bao-qc--fail">✕</span> fails its threshold
      </span>
      <span class="bao-legend__item">
        <span class="bao-legend__swatch bao-qc--unavailable">?</span> no value yet (the sign says why)
      </span>
      <span class="bao-legend__item">
        <span class="bao-legend__swatch bao-qc--unavailable">
          <span class="bao-mark bao-mark--preliminary">P</span>
        </span>{' '}
        preliminary value: not final, so not judged yet
      </span>
      <span class="bao-legend__item">
        <span class="bao-legend__swatch bao-qc--na">N/A</span> does not apply
      </span>
      <span class="bao-legend__item">
        <span class="bao-legend__swatch">
          <span class="bao-issue bao-issue--fail">✕2</span>
        </span>{' '}
        Issues: failing and unavailable metrics of the row (Enter or click: go to the first)
      </span>
    </p>
  );
}
