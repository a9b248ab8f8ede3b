import { render } from 'preact';
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PopupShell, type PopupTab } from '../../components/popup/popup-shell';
import { send } from '../../lib/messages';
import { CasesTab } from './cases-tab';
import { RunsTab } from './runs-tab';
import { useKeeperStatus } from '../../hooks/use-keeper-status';
import { usePipelineStatus } from '../../hooks/use-pipeline-status';
import '../../components/popup/keeper-status.css';
import './style.css';

function Popup() {
  const { status, error } = usePipelineStatus();
  const { keeper, error: keeperError } = useKeeperStatus();
  const [tab, setTab] = useState<PopupTab>(location.hash === '#cases' ? 'cases' : 'runs');
  const [counts, setCounts] = useState<Partial<Record<PopupTab, number>>>({});
  const count = (which: PopupTab) => (n: number) => setCounts((c) => (c[which] === n ? c : { ...c, [which]: n }));
  // Another value whenever the background commits new data: a new Cardea document, or (in server mode) a new
  // snapshot of the same document, e.g. one where only the tickets changed.
  const dataVersion = status ? `${status.documentTimestamp ?? ''}|${status.lastUpdateAt ?? ''}` : null;
  return (
    <PopupShell
      status={status}
      statusError={error}
      tab={tab}
      counts={counts}
      onTab={setTab}
      onRefresh={() => void send('pollNow').catch(() => undefined)}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      keeper={keeper}
      keeperError={keeperError}
    >
      {tab === 'runs' ? (
        <RunsTab dataVersion={dataVersion} onCount={count('runs')} />
      ) : (
        <CasesTab dataVersion={dataVersion} onCount={count('cases')} />
      )}
    </PopupShell>
  );
}

render(<Popup />, document.getElementById('app')!);
