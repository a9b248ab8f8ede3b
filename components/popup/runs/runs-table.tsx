import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { RunRowView } from './run-row';
import { primaryUrl, type RunLinks, type RunRow, type Sort, type SortKey } from './run-rows';

export interface RunsTableProps {
  rows: readonly RunRow[];
  links: RunLinks;
  sort: Sort;
  onSort: (key: SortKey) => void;
  onOpen: (url: string) => void;
  onCopy: (runName: string) => void;
  copiedRun: string | null;
}

const sortLabel = { asc: 'ascending', desc: 'descending' } as const;

function SortHeader({
  column,
  label,
  sort,
  onSort,
  ...cell
}: {
  column: SortKey;
  label: ComponentChildren;
  /** The column's name for screen readers when the visible label is short. */
  name: string;
  sort: Sort;
  onSort: (key: SortKey) => void;
  rowSpan?: number;
  class?: string;
}) {
  const current = sort.key === column;
  return (
    <th scope="col" rowSpan={cell.rowSpan} class={cell.class} aria-sort={current ? sortLabel[sort.direction] : 'none'}>
      <button
        type="button"
        class="bao-sort"
        title={`Sort by ${cell.name}`}
        aria-label={`Sort by ${cell.name}`}
        onClick={() => onSort(column)}
      >
        {label}
        {current && (
          <span class="bao-sort__mark" aria-hidden="true">
            {sort.direction === 'asc' ? '▲' : '▼'}
          </span>
        )}
      </button>
    </th>
  );
}

/** Up/Down/Home/End move between rows from anywhere in a row; Enter on a row opens its ticket (or MISO page). */
function onRowKeys(event: KeyboardEvent, rows: readonly RunRow[], links: RunLinks, onOpen: (url: string) => void) {
  const target = event.target as HTMLElement;
  const tr = target.closest('tr');
  if (!tr?.parentElement) return;
  const all = [...tr.parentElement.children] as HTMLElement[];
  const index = all.indexOf(tr);
  const move = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: all.length - 1 }[event.key];
  if (move !== undefined) {
    event.preventDefault();
    all[Math.max(0, Math.min(all.length - 1, move))]?.focus();
    return;
  }
  if (event.key === 'Enter' && target === tr) {
    const url = rows[index] && primaryUrl(rows[index], links);
    if (url) {
      event.preventDefault();
      onOpen(url);
    }
  }
}

/** docs/notifications-and-tickets.md#badge Active Notifications, as a table that fits the popup. */
export function RunsTable({ rows, links, sort, onSort, onOpen, onCopy, copiedRun }: RunsTableProps) {
  const [activeName, setActiveName] = useState<string | null>(null);
  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.runName === activeName),
  );
  const header = { sort, onSort };
  return (
    <table class="bao-runs" aria-describedby="bao-runs-keys">
      <colgroup>
        <col />
        <col class="bao-runs__col-date" />
        <col class="bao-runs__col-status" />
        <col class="bao-runs__col-count" />
        <col class="bao-runs__col-count bao-runs__col-count--short" />
        <col class="bao-runs__col-count" />
        <col class="bao-runs__col-issue" />
      </colgroup>
      <thead>
        <tr>
          <SortHeader column="run" label="Run" name="Run" rowSpan={2} {...header} />
          <SortHeader column="completionDate" label="Completion Date" name="Completion Date" rowSpan={2} {...header} />
          <th scope="col" rowSpan={2}>
            Run QC
          </th>
          <th scope="colgroup" colSpan={3} class="bao-runs__group">
            Libraries pending
          </th>
          <th scope="col" rowSpan={2}>
            Issue
          </th>
        </tr>
        <tr>
          <SortHeader column="pendingAnalysis" label="Analysis" name="Libraries Pending Analysis" {...header} />
          <SortHeader column="pendingQc" label="QC" name="Libraries Pending QC" {...header} />
          <SortHeader column="pendingDataReview" label="Data review" name="Libraries Pending Data Review" {...header} />
        </tr>
      </thead>
      <tbody onKeyDown={(event) => onRowKeys(event, rows, links, onOpen)}>
        {rows.map((row, i) => (
          <RunRowView
            key={row.runName}
            row={row}
            links={links}
            active={i === activeIndex}
            copied={copiedRun === row.runName}
            onFocus={() => setActiveName(row.runName)}
            onCopy={onCopy}
          />
        ))}
      </tbody>
    </table>
  );
}
