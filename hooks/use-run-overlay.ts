import { useCallback, useEffect, useState } from 'preact/hooks';
import type { RunOverlayProps } from '../components/run-overlay/run-overlay';
import { copyText, saveFile } from '../lib/content-script/page-actions';
import { sendResult } from '../lib/messages';
import type { QcInMisoBatch } from '../lib/miso/qc-in-miso';
import type { OpenQcInMiso, OpenQcInMisoOutcome } from '../lib/run-table/overlay-view';
import type { TableCategory } from '../lib/run-table/run-table-model';
import { loadSettings, watchSettings, type Settings } from '../lib/storage';
import { useRunData } from './use-run-data';
import { useTablePrefs } from './use-table-prefs';
import { useTrends } from './use-trends';

// What both hosts (Jira tickets, MISO run pages) give the pure RunOverlay component: the run's data, the settings,
// the remembered table preferences and the QC in MISO message.

export type OverlaySettings = Pick<Settings, 'misoUrl' | 'qcInMisoGrouping'>;

/** Starts from the settings the content script loaded, and follows changes made while the page is open. */
function useOverlaySettings(initial: OverlaySettings): OverlaySettings {
  const [settings, setSettings] = useState<OverlaySettings>(initial);
  useEffect(() => {
    let live = true;
    const unwatch = watchSettings(() => {
      loadSettings()
        .then(({ settings: next }) => live && setSettings(next))
        .catch((error: unknown) => console.warn('[bao:run-table] could not read the settings', error));
    });
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return settings;
}

/** QC in MISO opens MISO tabs through the background, which submits the form from MISO's own origin. */
export async function openQcInMiso(
  runName: string,
  category: TableCategory,
  batches: QcInMisoBatch[],
): Promise<OpenQcInMisoOutcome> {
  const answer = await sendResult('openQcInMiso', { runName, category, batches });
  return answer.ok ? { ok: true, opened: answer.value.opened } : answer;
}

export interface RunOverlaySource {
  runName: string;
  host: 'jira' | 'miso';
  /** As the content script loaded them, so the first render already links to MISO. */
  settings: OverlaySettings;
}

export function useRunOverlay({ runName, host, settings: initial }: RunOverlaySource): RunOverlayProps {
  const settings = useOverlaySettings(initial);
  const [tablePrefs, onTablePrefs] = useTablePrefs();
  const view = useRunData(runName);
  const trends = useTrends(runName, view.kind === 'found' ? view.data.asOf : null);
  const onOpenQcInMiso = useCallback<OpenQcInMiso>(
    (batches, category) => openQcInMiso(runName, category, batches),
    [runName],
  );
  return {
    runName,
    view,
    misoUrl: settings.misoUrl,
    onMisoRunPage: host === 'miso',
    grouping: settings.qcInMisoGrouping,
    onOpenQcInMiso,
    onCopy: copyText,
    onSaveFile: saveFile,
    tablePrefs,
    onTablePrefs,
    trends,
  };
}
