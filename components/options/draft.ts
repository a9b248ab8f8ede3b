import { validateSettings } from '../../lib/settings-schema';
import type { SettingKey, Settings, SettingsErrors, SettingsInput } from '../../lib/storage';

// The form edits a draft: the settings as the inputs hold them (the numbers as typed text).
// Validation and error messages come from lib/settings, prefixed with the field's name.

/** Settings typed as numbers, and what the field says when the text is not one. */
const NUMBER_FIELDS = {
  pollSeconds: 'must be a number of seconds',
  trendRuns: 'must be a number of runs',
  trendMinHistory: 'must be a number of runs',
} as const;
type NumberField = keyof typeof NUMBER_FIELDS;
const isNumberField = (name: string): name is NumberField => name in NUMBER_FIELDS;

export type Draft = Omit<Settings, NumberField> & Record<NumberField, string>;

export type FieldName = Exclude<SettingKey, 'features'> | 'features.jiraOverlay' | 'features.misoOverlay';

/** How a message names the field: "MISO URL must be an http:// or https:// address". */
export const fieldNouns: Record<FieldName, string> = {
  cardeaUrl: 'Cardea URL',
  baoServerUrl: 'Bao server URL',
  misoUrl: 'MISO URL',
  jiraUrl: 'Jira URL',
  nabuUrl: 'Nabu URL',
  displayName: 'Display name',
  pollSeconds: 'Polling interval',
  jiraFlavour: 'Jira flavour',
  jiraProject: 'Project key',
  jiraLabel: 'Label',
  jiraSummarySuffix: 'Summary suffix',
  keeperEnabled: 'Ticket keeper',
  qcInMisoGrouping: 'QC in MISO',
  trendRuns: 'Runs in a trend',
  trendMinHistory: 'Minimum history',
  'features.jiraOverlay': 'Jira run overlay',
  'features.misoOverlay': 'MISO run overlay',
};

export function toDraft(settings: Settings): Draft {
  return {
    ...settings,
    features: { ...settings.features },
    pollSeconds: String(settings.pollSeconds),
    trendRuns: String(settings.trendRuns),
    trendMinHistory: String(settings.trendMinHistory),
  };
}

const numberOf = (text: string) => (/^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function toInput(draft: Draft): SettingsInput {
  return {
    ...draft,
    pollSeconds: numberOf(draft.pollSeconds),
    trendRuns: numberOf(draft.trendRuns),
    trendMinHistory: numberOf(draft.trendMinHistory),
  };
}

/** A policy locks whole settings; `features` locks both overlay switches. */
export function isLocked(name: FieldName, locked: readonly SettingKey[]): boolean {
  return locked.includes(name.split('.')[0] as SettingKey);
}

/** What the form hands to its `onSave`: everything except the fields a policy sets. */
export function unlockedInput(draft: Draft, locked: readonly SettingKey[]): Partial<SettingsInput> {
  const input: Partial<SettingsInput> = toInput(draft);
  for (const key of locked) delete input[key];
  return input;
}

function sentence(name: FieldName, message: string): string {
  const noun = fieldNouns[name] ?? name;
  return /^must\b/.test(message) ? `${noun} ${message}` : `${noun}: ${message}`;
}

/** Field → full sentence, for every field that does not validate. */
export function draftErrors(draft: Draft): Partial<Record<FieldName, string>> {
  const checked = validateSettings(toInput(draft));
  if (checked.ok) return {};
  const errors: Partial<Record<FieldName, string>> = {};
  for (const [key, message] of Object.entries(checked.errors as SettingsErrors)) {
    if (!message || !(key in fieldNouns)) continue;
    const name = key as FieldName;
    const notANumber = isNumberField(name) && Number.isNaN(numberOf(draft[name]));
    errors[name] = sentence(name, notANumber ? NUMBER_FIELDS[name] : message);
  }
  return errors;
}

/** Errors that the background's save reported (same keys as validateSettings), as sentences. */
export function namedErrors(errors: SettingsErrors): Partial<Record<FieldName, string>> {
  const result: Partial<Record<FieldName, string>> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (message && key in fieldNouns) result[key as FieldName] = sentence(key as FieldName, message);
  }
  return result;
}
