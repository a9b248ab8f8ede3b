import { storage } from 'wxt/utils/storage';
import { parseTablePrefs, type TablePrefs } from './table-prefs';

// The run table's remembered columns and density in `storage.local`, so they follow the user from Jira to MISO and
// across visits. Read through the schema: a value that does not parse gives the defaults.

const tablePrefsItem = storage.defineItem<unknown>('local:runTablePrefs', { fallback: null });

export async function loadTablePrefs(): Promise<TablePrefs> {
  return parseTablePrefs(await tablePrefsItem.getValue());
}

export async function saveTablePrefs(prefs: TablePrefs): Promise<void> {
  await tablePrefsItem.setValue(prefs);
}
