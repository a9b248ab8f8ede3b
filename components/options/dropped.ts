import type { DroppedField, SettingKey } from '../../lib/storage';
import { fieldNouns, type FieldName } from './draft';

// A saved setting that a tightened rule now refuses (an old http:// Jira address) is not used; the form says so
// next to its field instead of silently showing the default.

const nounOf = (key: SettingKey) => (key === 'features' ? 'overlay switches' : fieldNouns[key as FieldName]);

function shown(value: unknown): string {
  if (typeof value === 'string') return value === '' || /\s/.test(value) ? `“${value}”` : value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Setting → the sentence shown beside it: "Your saved Jira URL http://jira.lab was not used: must be …". */
export function droppedNotices(dropped: readonly DroppedField[]): Partial<Record<SettingKey, string>> {
  const notices: Partial<Record<SettingKey, string>> = {};
  for (const { key, value, message } of dropped)
    notices[key] =
      `Your saved ${nounOf(key)} ${shown(value)} was not used: ${message}. Save a new value to replace it.`;
  return notices;
}
