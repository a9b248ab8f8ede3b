import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { MisoBatchesPanel } from '../../components/popup/runs/miso-batches';
import '../../components/popup/runs/miso-batches.css';
import type { RunLinks, RunList } from '../../components/popup/runs/run-rows';
import { RunsView } from '../../components/popup/runs/runs-view';
import '../../components/popup/runs/runs-view.css';
import { send } from '../../lib/messages';
import { FetchError, type Failure } from '../../lib/net/failure';
import { loadSettings, watchIndexSignal, watchSettings } from '../../lib/storage';
import { useMisoBatches } from '../../hooks/use-miso-batches';
import { useTrendWarned } from '../../hooks/use-trends';

function useLinks(): RunLinks | null {
  const [links, setLinks] = useState<RunLinks | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void loadSettings().then(
        ({ settings: { jiraUrl, misoUrl, keeperEnabled } }) => live && setLinks({ jiraUrl, misoUrl, keeperEnabled }),
      );
    load();
    const unwatch = watchSettings(load);
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return links;
}

/** Whether the background's last refresh failed; the list's stale marker follows it without waiting for new data. */
function useRefreshFailed(): boolean | null {
  const [failed, setFailed] = useState<boolean | null>(null);
  useEffect(() => watchIndexSignal((signal) => setFailed(signal?.failed ?? null)), []);
  return failed;
}

/**
 * The Runs tab: runs with a pending sign-off, reloaded whenever the background indexes a new document,
 * under the QC-in-MISO batches Bao still keeps (if any).
 */
export function RunsTab({
  dataVersion,
  onCount,
}: {
  /** Changes whenever the background commits new data. */
  dataVersion: string | null;
  onCount: (n: number) => void;
}) {
  const links = useLinks();
  const failed = useRefreshFailed();
  const [list, setList] = useState<RunList | null>(null);
  const [error, setError] = useState<Failure | string | null>(null);
  const misoBatches = useMisoBatches();
  const trendWarned = useTrendWarned(list ? list.runs.map((run) => run.runName) : null);

  useEffect(() => {
    let live = true;
    send('getNotifications').then(
      (next) => {
        if (!live) return;
        setList(next);
        setError(null);
        onCount(next.runs.filter((run) => run.requiresAction).length);
      },
      (e: unknown) =>
        live && setError(e instanceof FetchError ? e.failure : `Bao’s background did not answer: ${String(e)}`),
    );
    return () => {
      live = false;
    };
  }, [dataVersion, failed]);

  return (
    <>
      <MisoBatchesPanel
        batches={misoBatches.batches}
        busy={misoBatches.busy}
        error={misoBatches.error}
        onReopen={misoBatches.reopen}
        onDiscard={misoBatches.discard}
      />
      <RunsView
        list={links ? list : null}
        error={error}
        links={links ?? { jiraUrl: '', misoUrl: '', keeperEnabled: false }}
        onOpen={(url) => void browser.tabs.create({ url })}
        onCopy={(text) => navigator.clipboard.writeText(text)}
        trendWarned={trendWarned}
      />
    </>
  );
}
