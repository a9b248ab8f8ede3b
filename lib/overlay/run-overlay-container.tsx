import { useCallback, useEffect, useState } from 'preact/hooks';
import { RunOverlay } from '../../components/run-overlay/run-overlay';
import { sendResult } from '../messages';
import type { QcInMisoBatch } from '../miso/qc-in-miso';
import { loadSettings, watchSettings, type Settings } from '../storage';
import type { OpenQcInMisoOutcome } from './overlay-view';
import { DEFAULT_TABLE_PREFS, type TablePrefs } from './table-prefs';
import { loadTablePrefs, saveTablePrefs } from './table-prefs-store';
import { useRunData } from './use-run-data';

// The one container both hosts render (Jira tickets, MISO run pages): it wires the data hook, the
// settings and the QC in MISO message to the pure RunOverlay component.

type OverlaySettings = Pick<Settings, 'misoUrl' | 'qcInMisoGrouping'>;

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
export async function openQcInMiso(runName: string, batches: QcInMisoBatch[]): Promise<OpenQcInMisoOutcome> {
  const answer = await sendResult('openQcInMiso', { runName, batches });
  return answer.ok ? { ok: true, opened: answer.value.opened } : answer;
}

/** The page's clipboard: a click or key press in the overlay is the user gesture it needs. */
const copyText = (text: string) => navigator.clipboard.writeText(text);

/** A download from the content script: a link to a Blob, clicked without being put in the page. */
function saveFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface RunOverlayContainerProps {
  runName: string;
  host: 'jira' | 'miso';
  /** As the content script loaded them, so the first render already links to MISO. */
  settings: OverlaySettings;
}

/** The table's remembered columns and density, read once per page and written on every change. */
function useTablePrefs(): [TablePrefs, (prefs: TablePrefs) => void] {
  const [prefs, setPrefs] = useState<TablePrefs>(DEFAULT_TABLE_PREFS);
  useEffect(() => {
    let live = true;
    loadTablePrefs()
      .then((loaded) => live && setPrefs(loaded))
      .catch((error: unknown) => console.warn('[bao:run-table] could not read the table preferences', error));
    return () => {
      live = false;
    };
  }, []);
  const save = useCallback((next: TablePrefs) => {
    setPrefs(next);
    saveTablePrefs(next).catch((error: unknown) => console.warn('[bao:run-table] could not save the table preferences', error));
  }, []);
  return [prefs, save];
}

export function RunOverlayContainer({ runName, host, settings: initial }: RunOverlayContainerProps) {
  const settings = useOverlaySettings(initial);
  const [tablePrefs, setTablePrefs] = useTablePrefs();
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
      onCopy={copyText}
      onSaveFile={saveFile}
      tablePrefs={tablePrefs}
      onTablePrefs={setTablePrefs}
    />
  );
}
