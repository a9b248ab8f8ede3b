import type { ComponentChildren } from 'preact';
import type { KeeperStatusView, PipelineStatus } from '../../lib/messages/protocol';
import { KeeperStatusLine } from './keeper-status';
import { PipelineDetails, PipelineStatusLine } from './pipeline-status';

export type PopupTab = 'runs' | 'cases';
const TABS: { id: PopupTab; label: string }[] = [
  { id: 'runs', label: 'Runs' },
  { id: 'cases', label: 'Cases' },
];

export interface PopupShellProps {
  status: PipelineStatus | null;
  /** Why the status could not be read (the background did not answer). */
  statusError: string | null;
  tab: PopupTab;
  counts: Partial<Record<PopupTab, number>>;
  onTab: (tab: PopupTab) => void;
  onRefresh: () => void;
  onOpenOptions: () => void;
  /** The ticket keeper's line; null until the background answers. */
  keeper?: KeeperStatusView | null;
  keeperError?: string | null;
  children: ComponentChildren;
}

/** Header, status, tabs (arrow keys move between them) and the active panel. */
export function PopupShell(props: PopupShellProps) {
  const {
    status,
    statusError,
    tab,
    counts,
    onTab,
    onRefresh,
    onOpenOptions,
    keeper = null,
    keeperError = null,
    children,
  } = props;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    onTab(next.id);
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`#bao-tab-${next.id}`)?.focus();
  };
  return (
    <main class="bao-popup" data-bao="popup">
      <header class="bao-popup__header">
        <span class="bao-logo" aria-hidden="true">
          B
        </span>
        <h1>Bao</h1>
        <span class="bao-spacer" />
        <button
          type="button"
          class="bao-button"
          onClick={onRefresh}
          disabled={!status || status.state === 'unconfigured'}
        >
          Refresh now
        </button>
        <button type="button" class="bao-button bao-button--quiet" onClick={onOpenOptions} aria-label="Options">
          Options
        </button>
      </header>
      {statusError && (
        <div class="bao-banner bao-banner--error" role="alert">
          {statusError}
        </div>
      )}
      {status && <PipelineStatusLine status={status} onOpenOptions={onOpenOptions} />}
      <div class="bao-tabs" role="tablist" aria-label="What waits for sign-off" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            type="button"
            role="tab"
            id={`bao-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`bao-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            class="bao-tab"
            onClick={() => onTab(t.id)}
          >
            {t.label}
            {counts[t.id] !== undefined && <span class="bao-count">{counts[t.id]}</span>}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`bao-panel-${tab}`} aria-labelledby={`bao-tab-${tab}`} class="bao-panel-body">
        {children}
      </section>
      {status && status.state !== 'unconfigured' && <PipelineDetails status={status} />}
      <KeeperStatusLine keeper={keeper} error={keeperError} />
    </main>
  );
}
