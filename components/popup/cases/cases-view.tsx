import type { CaseRecord } from '../../../lib/cardea/records';
import type { CasesPage, CasesQuery, OutboxEntry } from '../../../lib/case-signoff/schemas';
import { describeFailure } from '../../../lib/net/failure';
import { CaseFiltersBar, Pager } from './case-filters';
import { CaseTable } from './case-table';
import { OutboxPanel } from './outbox-panel';

// The Cases tab: what Bao still has to send to Nabu, the selection and "Sign off", the filters, the
// table and the pager. Props in, callbacks out; the tab wires it to the background.

export interface CasesViewProps {
  page: CasesPage | null;
  /** Why the list could not be loaded. */
  error: string | null;
  query: CasesQuery;
  onQuery: (query: CasesQuery) => void;
  selected: ReadonlyMap<string, CaseRecord>;
  onSelect: (records: CaseRecord[], checked: boolean) => void;
  onClearSelection: () => void;
  onSignOff: () => void;
  outbox: OutboxEntry[];
  onRetry: (ids?: string[]) => void;
  onDiscard: (ids: string[]) => void;
  onOpenOptions: () => void;
}

function SignOffButton({ count, onSignOff }: { count: number; onSignOff: () => void }) {
  return (
    <button type="button" class="bao-button bao-button--primary" disabled={count === 0} onClick={onSignOff}>
      Sign off
    </button>
  );
}

export function CasesView(props: CasesViewProps) {
  const { page, error, query, onQuery, selected, onSelect, onClearSelection, onSignOff } = props;
  const selectedIds = new Set(selected.keys());
  const count = selected.size;
  return (
    <div class="bao-cases" data-bao="cases-view">
      {error && (
        <div class="bao-banner bao-banner--error" role="alert">
          {error}
        </div>
      )}
      {page?.nabu.failure && (
        <p class="bao-cases__note" role="status">
          Could not read Nabu’s latest sign-offs ({describeFailure(page.nabu.failure)}) The list shows Cardea’s data and
          the sign-offs Bao saved itself.
        </p>
      )}
      <OutboxPanel
        entries={props.outbox}
        onRetry={props.onRetry}
        onDiscard={props.onDiscard}
        onOpenOptions={props.onOpenOptions}
      />
      <div class="bao-cases__bar">
        <SignOffButton count={count} onSignOff={onSignOff} />
        <span data-bao="selected-count" aria-live="polite">
          Selected {count}
        </span>
        {count > 0 && (
          <button type="button" class="bao-link" onClick={onClearSelection}>
            Clear selection
          </button>
        )}
        <span class="bao-spacer" />
        {page && (
          <span class="bao-cases__note">
            {page.waitingCount} of {page.total} cases wait for a sign-off
          </span>
        )}
      </div>
      <CaseFiltersBar
        filters={query.filters}
        sort={query.sort}
        descending={query.descending}
        facets={page?.facets ?? null}
        onFilters={(filters) => onQuery({ ...query, filters, page: 1 })}
        onSort={(sort, descending) => onQuery({ ...query, sort, descending, page: 1 })}
      />
      {!page ? (
        <p class="bao-empty">{error ? 'No cases to show.' : 'Loading cases…'}</p>
      ) : page.total === 0 ? (
        <p class="bao-empty">
          {page.asOf ? 'Cardea’s data has no cases.' : 'No Cardea data yet: the cases appear once Bao has loaded it.'}
        </p>
      ) : (
        <>
          <CaseTable items={page.items} selected={selectedIds} onSelect={onSelect} />
          {page.filteredCount === 0 && <p class="bao-empty">No case matches these filters.</p>}
          <div class="bao-cases__bar">
            <Pager
              page={page.page}
              pageSize={page.pageSize}
              filteredCount={page.filteredCount}
              onPage={(n) => onQuery({ ...query, page: n })}
              onPageSize={(pageSize) => onQuery({ ...query, pageSize, page: 1 })}
            />
            <span class="bao-spacer" />
            <SignOffButton count={count} onSignOff={onSignOff} />
          </div>
        </>
      )}
    </div>
  );
}
