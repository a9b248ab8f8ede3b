import { z } from 'zod';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import {
  consistentTrends,
  defaultSecrets,
  defaultSettings,
  Secrets,
  Settings,
  validateSettings,
  type SettingsErrors,
  type SettingsInput,
} from './settings-schema';
import { parseTablePrefs, type TablePrefs } from './run-table/table-prefs';
import { readStoredSecrets, writeStoredSecrets } from './secrets-db';

// The one owner of extension settings. Everything a user or an administrator configures lives
// here: plain settings in `local:settings`, secrets in the extension's own IndexedDB (lib/secrets-db.ts; read only by
// the background, out of the content scripts' reach), and an administrator's policy in managed storage, which locks
// the fields it sets.

export { defaultSecrets, defaultSettings, Secrets, Settings } from './settings-schema';
export type { SettingsErrors, SettingsInput } from './settings-schema';
export { validateSettings } from './settings-schema';

export type SettingKey = keyof Settings;

const settingsItem = storage.defineItem<Partial<SettingsInput>>('local:settings', { fallback: {} });
/** Where earlier versions kept the secrets, readable by content scripts; only read to move them out. */
const legacySecretsItem = storage.defineItem<Partial<Secrets> | null>('local:secrets', { fallback: null });

/** A stored field Bao does not use because it no longer validates (an old `http://` Jira address, say), and why. */
export interface DroppedField {
  key: SettingKey;
  value: unknown;
  message: string;
}

/** The fields of `raw` that validate on their own, and the ones that do not; missing and unknown ones are left out. */
function checkFields(raw: Partial<Record<string, unknown>>): { valid: Partial<Settings>; invalid: DroppedField[] } {
  const valid: Partial<Record<SettingKey, unknown>> = {};
  const invalid: DroppedField[] = [];
  for (const key of Object.keys(Settings.shape) as SettingKey[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const parsed = Settings.shape[key].safeParse(value);
    if (parsed.success) valid[key] = parsed.data;
    else invalid.push({ key, value, message: parsed.error.issues[0]?.message ?? 'is not valid' });
  }
  return { valid: valid as Partial<Settings>, invalid };
}

/**
 * A policy may set any non-secret field; unknown or invalid policy fields are ignored, not fatal, and
 * the invalid ones are reported (an `http://` Jira or Nabu address, say, is not used).
 */
async function readManagedChecked(): Promise<{ managed: Partial<Settings>; rejected: SettingsErrors }> {
  let raw: Record<string, unknown>;
  try {
    raw = await browser.storage.managed.get();
  } catch {
    return { managed: {}, rejected: {} }; // no policy installed, or a browser without managed storage
  }
  const { valid, invalid } = checkFields(raw);
  const rejected: SettingsErrors = {};
  for (const { key, message } of invalid) {
    rejected[key] = message;
    console.warn(`[bao] the administrator's policy sets ${key}, not used: ${message}`);
  }
  return { managed: valid, rejected };
}

async function readManaged(): Promise<Partial<Settings>> {
  return (await readManagedChecked()).managed;
}

export interface LoadedSettings {
  settings: Settings;
  /** Fields an administrator's policy sets; the options page shows them read-only. */
  locked: SettingKey[];
  /** Fields the policy sets to a value Bao does not use, with why (field → message). */
  policyErrors: SettingsErrors;
  /**
   * Fields the user saved that no longer validate (a rule tightened since), so their default is used instead; the
   * options page says so next to the field. Fields a policy sets are left out: the stored value would not count anyway.
   */
  droppedFields: DroppedField[];
}

export async function loadSettings(): Promise<LoadedSettings> {
  const [stored, { managed, rejected }] = await Promise.all([settingsItem.getValue(), readManagedChecked()]);
  // Stored values that no longer validate fall back to the default for that field.
  const { valid, invalid } = checkFields(stored);
  const settings = consistentTrends({ ...defaultSettings, ...valid, ...managed });
  const droppedFields = invalid.filter((field) => !(field.key in managed));
  return { settings, locked: Object.keys(managed) as SettingKey[], policyErrors: rejected, droppedFields };
}

/** Saves user settings; fields locked by policy keep the policy's value. */
export async function saveSettings(
  input: SettingsInput,
): Promise<{ ok: true; settings: Settings } | { ok: false; errors: SettingsErrors }> {
  const checked = validateSettings(input);
  if (!checked.ok) return checked;
  const managed = await readManaged();
  const toStore = { ...checked.settings };
  for (const key of Object.keys(managed) as SettingKey[]) delete (toStore as Partial<Settings>)[key];
  await settingsItem.setValue(toStore);
  return { ok: true, settings: consistentTrends({ ...checked.settings, ...managed }) };
}

export function watchSettings(callback: () => void): () => void {
  const unwatch = settingsItem.watch(callback);
  const onManaged = (_changes: unknown, area: string) => {
    if (area === 'managed') callback();
  };
  browser.storage.onChanged.addListener(onManaged);
  return () => {
    unwatch();
    browser.storage.onChanged.removeListener(onManaged);
  };
}

async function readSecrets(): Promise<Partial<Secrets>> {
  const parsed = Secrets.partial().safeParse(await readStoredSecrets());
  return parsed.success ? parsed.data : {};
}

/**
 * Moves secrets found in `storage.local` (an install from before, or a script that wrote them there) into the
 * extension's IndexedDB, then deletes them from `storage.local`. What was found wins over what was stored: it is newer.
 */
export async function migrateSecrets(): Promise<void> {
  const legacy = await legacySecretsItem.getValue();
  if (legacy === null) return;
  const parsed = Secrets.partial().safeParse(legacy);
  if (parsed.success) {
    await writeStoredSecrets({ ...defaultSecrets, ...(await readSecrets()), ...parsed.data });
  }
  await legacySecretsItem.removeValue();
}

/** Background only: moves secrets that show up in `storage.local` out of it at once. */
export function watchLegacySecrets(): () => void {
  const run = () =>
    void migrateSecrets().catch((error: unknown) => console.error('Bao: could not move secrets', error));
  run();
  return legacySecretsItem.watch((value) => {
    if (value !== null) run();
  });
}

/** Background only: secrets are never sent to content scripts or any origin but their own. */
export async function loadSecrets(): Promise<Secrets> {
  await migrateSecrets();
  return { ...defaultSecrets, ...(await readSecrets()) };
}

export async function saveSecrets(input: Partial<Secrets>): Promise<void> {
  const current = await loadSecrets();
  await writeStoredSecrets({ ...current, ...Secrets.partial().parse(input) });
}

/**
 * A small signal the background publishes whenever its index or its state changes, so the popup
 * and overlays (which may read `storage.local`) can refresh live without polling the background.
 */
export const IndexSignal = z.object({
  documentTimestamp: z.string().nullable(),
  state: z.string(),
  failed: z.boolean(),
  progress: z.object({ bytes: z.number(), cases: z.number(), totalBytes: z.number().nullable().optional() }).nullable(),
});
export type IndexSignal = z.infer<typeof IndexSignal>;
const indexSignalItem = storage.defineItem<IndexSignal | null>('local:indexSignal', { fallback: null });

export async function publishIndexSignal(signal: IndexSignal): Promise<void> {
  await indexSignalItem.setValue(signal);
}

export async function readIndexSignal(): Promise<IndexSignal | null> {
  const parsed = IndexSignal.nullable().safeParse(await indexSignalItem.getValue());
  return parsed.success ? parsed.data : null;
}

export function watchIndexSignal(callback: (signal: IndexSignal | null) => void): () => void {
  return indexSignalItem.watch((value) => {
    const parsed = IndexSignal.nullable().safeParse(value);
    callback(parsed.success ? parsed.data : null);
  });
}

/** What makes indexed data worth asking for again: another document, or a refresh starting or ending in failure. */
const changeKey = (signal: IndexSignal | null) => (signal ? `${signal.documentTimestamp}|${signal.failed}` : '');

/**
 * Like watchIndexSignal, but calls back only when the background indexes another document or its
 * refresh starts or stops failing: not on state changes or the progress ticks of a download. The
 * signal stored when it starts watching is the baseline; until it is read, any signal counts as a change.
 */
export function watchIndexChanges(callback: (signal: IndexSignal | null) => void): () => void {
  let seen: string | undefined;
  readIndexSignal()
    .then((signal) => {
      seen ??= changeKey(signal);
    })
    .catch(() => undefined);
  return watchIndexSignal((signal) => {
    const key = changeKey(signal);
    if (key === seen) return;
    seen = key;
    callback(signal);
  });
}

/**
 * The run overlays' last answers, newest first, so a revisited run page renders at once, before the
 * background answers (content scripts cannot use `storage.session` by default). The caller's schema
 * validates an entry's data on read; a cache that no longer parses is ignored, never trusted.
 */
export const RUN_CACHE_LIMIT = 5;
const CachedRunEntry = z.object({
  runName: z.string(),
  asOf: z.string().nullable(),
  savedAt: z.number(),
  data: z.unknown(),
});
const runCacheItem = storage.defineItem<unknown>('local:runCache', { fallback: [] });

async function cachedRunEntries(): Promise<z.infer<typeof CachedRunEntry>[]> {
  const parsed = z.array(CachedRunEntry).safeParse(await runCacheItem.getValue());
  return parsed.success ? parsed.data : [];
}

export async function readCachedRun<T>(
  runName: string,
  schema: z.ZodType<T>,
): Promise<{ asOf: string | null; savedAt: number; data: T } | null> {
  const entry = (await cachedRunEntries()).find((e) => e.runName === runName);
  if (!entry) return null;
  const data = schema.safeParse(entry.data);
  return data.success ? { asOf: entry.asOf, savedAt: entry.savedAt, data: data.data } : null;
}

export async function saveCachedRun(runName: string, asOf: string | null, data: unknown): Promise<void> {
  const others = (await cachedRunEntries()).filter((e) => e.runName !== runName);
  await runCacheItem.setValue([{ runName, asOf, savedAt: Date.now(), data }, ...others].slice(0, RUN_CACHE_LIMIT));
}

/**
 * The run table's remembered columns and density, in `storage.local` so they follow the user from Jira to MISO and
 * across visits. Read through the schema: a value that does not parse gives the defaults.
 */
const tablePrefsItem = storage.defineItem<unknown>('local:runTablePrefs', { fallback: null });

export async function loadTablePrefs(): Promise<TablePrefs> {
  return parseTablePrefs(await tablePrefsItem.getValue());
}

export async function saveTablePrefs(prefs: TablePrefs): Promise<void> {
  await tablePrefsItem.setValue(prefs);
}

/** `https://jira.lab.org:8443/jira` → `https://jira.lab.org/*` (match patterns ignore ports). */
export function originPattern(url: string): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol, hostname } = new URL(url);
    return `${protocol}//${hostname}/*`;
  } catch {
    return undefined;
  }
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * The ingest's progress in `storage.session` (gone when the browser closes). Written once a second during an ingest:
 * an extension API call is also what keeps an MV3 worker from being stopped after 30 s.
 */
export async function saveIngestProgress(progress: unknown): Promise<void> {
  await browser.storage.session.set({ pipelineProgress: progress });
}

/**
 * Test builds only (the sandbox's loopback builds): the e2e tests reach into overlays with Playwright's locators,
 * which cannot see inside a closed shadow root, so those builds open it unless a test asks for the closed root that
 * real builds always have. Real builds never call this.
 */
export async function loadTestShadowMode(): Promise<'open' | 'closed'> {
  const stored = await browser.storage.local.get('testShadowRoots');
  return z.enum(['open', 'closed']).catch('open').parse(stored.testShadowRoots);
}
