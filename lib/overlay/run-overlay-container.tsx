import { useCallback, useEffect, useState } from 'preact/hooks';
import { RunOverlay } from '../../components/run-overlay/run-overlay';
import { send } from '../messages';
import type { QcInMisoBatch } from '../miso/qc-in-miso';
import { FetchError } from '../net/failure';
import { defaultSettings, loadSettings, watchSettings, type Settings } from '../settings';
import type { OpenQcInMisoOutcome } from './overlay-view';
import { useRunData } from './use-run-data';

// The one container both hosts render (Jira tickets, MISO run pages): it wires the data hook, the
// settings and the QC in MISO message to the pure RunOverlay component.

function useOverlaySettings(): Pick<Settings, 'misoUrl' | 'qcInMisoGrouping'> {
  const [settings, setSettings] = useState<Settings>(defaultSettings);
  useEffect(() => {
    let live = true;
    const load = () =>
      loadSettings()
        .then(({ settings: next }) => live && setSettings(next))
        .catch((error: unknown) => console.warn('[bao:run-table] could not read the settings', error));
    void load();
    const unwatch = watchSettings(() => void load());
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return settings;
}

/** QC in MISO opens MISO tabs through the background, which submits the form from MISO's own origin. */
export async function openQcInMiso(runName: string, batches: QcInMisoBatch[]): Promise<OpenQcInMisoOutcome> {
  try {
    const answer = await send('openQcInMiso', { runName, batches });
    return answer.ok ? { ok: true, opened: answer.value.opened } : answer;
  } catch (error) {
    if (error instanceof FetchError) return { ok: false, failure: error.failure };
    return { ok: false, failure: { kind: 'internal', system: 'Bao', url: 'background worker', detail: error instanceof Error ? error.message : String(error) } };
  }
}

export function RunOverlayContainer({ runName, host }: { runName: string; host: 'jira' | 'miso' }) {
  const settings = useOverlaySettings();
  const view = useRunData(runName);
  const onOpen = useCallback((batches: QcInMisoBatch[]) => openQcInMiso(runName, batches), [runName]);
  return (
    <RunOverlay
      runName={runName}
      view={view}
      misoUrl={settings.misoUrl}
      onMisoRunPage={host === 'miso'}
      grouping={settings.qcInMisoGrouping}
      onOpenQcInMiso={onOpen}
    />
  );
}
