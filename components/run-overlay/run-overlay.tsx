import { Component, type ComponentChildren, type RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { QcInMisoGrouping } from '../../lib/miso/qc-in-miso';
import type { Failure } from '../../lib/net/failure';
import type { OpenQcInMiso, OverlayView } from '../../lib/run-table/overlay-view';
import { buildRunTables, type FoundRunData } from '../../lib/run-table/run-table-model';
import { DEFAULT_TABLE_PREFS, assayKey, hiddenFor, withHidden, type TablePrefs } from '../../lib/run-table/table-prefs';
import type { CopyText, SaveFile } from './host-actions';
import {
  EmptyRunState,
  ErrorState,
  LoadingState,
  NotFoundState,
  NotIndexedState,
  RefreshFailedBanner,
  StaleBanner,
} from './overlay-states';
import { Omissions } from './omissions';
import { RunHeaderSummary } from './run-header';
import { RunOverlayShell } from './run-overlay-shell';
import { RunTableView } from './run-table';
import type { TrendsSource } from '../trends/trend-types';

export interface RunOverlayProps {
  runName: string;
  view: OverlayView;
  misoUrl: string;
  /** The overlay sits on the run's own MISO page: the run sign-off link is "this page". */
  onMisoRunPage: boolean;
  grouping: QcInMisoGrouping;
  onOpenQcInMiso: OpenQcInMiso;
  /** Puts text on the clipboard (Copy name, and c on a row). */
  onCopy: CopyText;
  /** Download CSV. */
  onSaveFile: SaveFile;
  /** false renders every row at once (the bench's baseline). */
  virtualize?: boolean;
  /** Remembered columns and density; without them the table starts with every column, and forgets on reload. */
  tablePrefs?: TablePrefs;
  onTablePrefs?: (prefs: TablePrefs) => void;
  /** Trend warnings and views (docs/trends.md); without it the overlay shows neither. */
  trends?: TrendsSource;
}

const ISOLATED_KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

/**
 * Keys typed in the overlay stay in the overlay: Jira's and MISO's own shortcuts (j, k, a, …) listen on
 * the document, and key events leave a shadow root unless stopped at it.
 */
function useIsolatedKeys(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current?.getRootNode();
    if (!root || !(root instanceof ShadowRoot)) return;
    const stop = (event: Event) => event.stopPropagation();
    for (const type of ISOLATED_KEY_EVENTS) root.addEventListener(type, stop);
    return () => {
      for (const type of ISOLATED_KEY_EVENTS) root.removeEventListener(type, stop);
    };
  }, []);
}

/** The whole run overlay: header, state banners and a table per category. Pure: data and callbacks come in as props. */
export function RunOverlay(props: RunOverlayProps) {
  const ref = useRef<HTMLElement>(null);
  useIsolatedKeys(ref);
  return (
    <RunOverlayShell runName={props.runName} rootRef={ref} onCopy={props.onCopy}>
      <RenderGuard>
        <OverlayBody {...props} />
      </RenderGuard>
    </RunOverlayShell>
  );
}

function OverlayBody(props: RunOverlayProps) {
  const { view } = props;
  switch (view.kind) {
    case 'loading':
      return <LoadingState />;
    case 'error':
      return <ErrorState failure={view.failure} />;
    case 'not-indexed':
      return <NotIndexedState state={view.state} progress={view.progress} />;
    case 'not-found':
      return (
        <>
          {view.stale && <StaleBanner failure={view.failure} asOf={view.asOf} />}
          <NotFoundState runName={view.runName} asOf={view.asOf} />
        </>
      );
    case 'found':
      return (
        <FoundBody
          {...props}
          data={view.data}
          failure={view.failure}
          cached={view.cached}
          refreshFailure={view.refreshFailure}
        />
      );
  }
}

function FoundBody(
  props: RunOverlayProps & {
    data: FoundRunData;
    failure: Failure | null;
    cached: boolean;
    refreshFailure: Failure | null;
  },
) {
  const { data } = props;
  // Evaluated once per answer from the background, not on every sort, filter, selection or settings change.
  const model = useMemo(() => buildRunTables(data), [data]);
  const [localPrefs, setLocalPrefs] = useState<TablePrefs>(DEFAULT_TABLE_PREFS);
  const prefs = props.tablePrefs ?? localPrefs;
  const savePrefs = (next: TablePrefs) => {
    setLocalPrefs(next);
    props.onTablePrefs?.(next);
  };
  return (
    <>
      <RunHeaderSummary
        header={model.header}
        misoUrl={props.misoUrl}
        onMisoRunPage={props.onMisoRunPage}
        cached={props.cached}
        trendWarnings={props.trends?.warnings ?? null}
      />
      {data.stale && <StaleBanner failure={props.failure} asOf={data.asOf} />}
      {props.refreshFailure && <RefreshFailedBanner failure={props.refreshFailure} asOf={data.asOf} />}
      {model.tables.length === 0 && <EmptyRunState runName={data.run.name} asOf={data.asOf} />}
      {model.tables.map((table) => (
        <RunTableView
          key={table.key}
          table={table}
          assaysById={model.assaysById}
          grouping={props.grouping}
          onOpenQcInMiso={props.onOpenQcInMiso}
          misoUrl={props.misoUrl}
          onCopy={props.onCopy}
          onSaveFile={props.onSaveFile}
          runName={data.run.name}
          virtualize={props.virtualize}
          hidden={hiddenFor(prefs, assayKey(table))}
          onHiddenChange={(hidden) => savePrefs(withHidden(prefs, assayKey(table), hidden))}
          density={prefs.density}
          onDensityChange={(density) => savePrefs({ ...prefs, density })}
          trends={props.trends}
        />
      ))}
      <Omissions rows={model.omissions} misoUrl={props.misoUrl} onCopy={props.onCopy} />
    </>
  );
}

/** A bug in the overlay shows as an error inside it, never as an exception in the host page. */
class RenderGuard extends Component<{ children: ComponentChildren }, { error: unknown }> {
  override state = { error: null as unknown };
  override componentDidCatch(error: unknown) {
    console.error('[bao:run-table]', error);
    this.setState({ error });
  }
  override render() {
    if (this.state.error === null) return this.props.children;
    const failure: Failure = {
      kind: 'internal',
      system: 'Bao',
      url: 'run table',
      detail: this.state.error instanceof Error ? this.state.error.message : String(this.state.error),
    };
    return <ErrorState failure={failure} />;
  }
}
