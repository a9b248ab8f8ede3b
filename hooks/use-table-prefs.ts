import { useCallback, useEffect, useState } from 'preact/hooks';
import { DEFAULT_TABLE_PREFS, type TablePrefs } from '../lib/run-table/table-prefs';
import { loadTablePrefs, saveTablePrefs } from '../lib/storage';

/** The table's remembered columns and density, read once per page and written on every change. */
export function useTablePrefs(): [TablePrefs, (prefs: TablePrefs) => void] {
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
    saveTablePrefs(next).catch((error: unknown) =>
      console.warn('[bao:run-table] could not save the table preferences', error),
    );
  }, []);
  return [prefs, save];
}
