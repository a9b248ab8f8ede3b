import { browser, type Browser } from 'wxt/browser';
import { hasOrigin } from './permissions';
import { loadSettings, originPattern, watchSettings, type Settings } from './storage';

// The Jira and MISO content scripts are built with `registration: 'runtime'`: every lab's Jira and
// MISO live on their own hosts, so the scripts are registered here for the configured origins only,
// and only while the feature is on and the user has granted access to that origin.

interface ScriptSpec {
  id: string;
  file: string;
  url: (settings: Settings) => string;
  enabled: (settings: Settings) => boolean;
  /** Match-pattern paths (path and query) on that origin; the whole origin when absent. */
  paths?: readonly string[];
}

/**
 * The MISO pages Bao works on (lib/miso/pages.ts), with and without MISO's legacy `/miso` prefix:
 * run pages, the metrics page, and the main menu and login page a QC-in-MISO batch passes through
 * (after a login the main menu may have lost the batch parameter). The lists and edit pages staff
 * spend their day on are left without the script, so it costs nothing there.
 */
const MISO_PATHS = ['/run/*', '/runlibraries/metrics*', '/mainMenu*', '/login*'].flatMap((path) => [
  path,
  `/miso${path}`,
]);

export const contentScripts: readonly ScriptSpec[] = [
  // The whole origin: Jira Cloud moves between boards and issues without loading a page.
  { id: 'bao-jira', file: 'content-scripts/jira.js', url: (s) => s.jiraUrl, enabled: (s) => s.features.jiraOverlay },
  // MISO's script also delivers QC-in-MISO batches sent from Jira tickets, so it runs whenever MISO
  // is configured; its overlay checks its own switch.
  { id: 'bao-miso', file: 'content-scripts/miso.js', url: (s) => s.misoUrl, enabled: () => true, paths: MISO_PATHS },
];

export type SyncAction = 'registered' | 'updated' | 'unregistered' | 'unchanged' | 'absent';
export type SyncReport = Record<string, SyncAction>;

type Registration = Browser.scripting.RegisteredContentScript;

async function wantedRegistration(spec: ScriptSpec, settings: Settings): Promise<Registration | undefined> {
  const pattern = originPattern(spec.url(settings));
  if (!pattern || !spec.enabled(settings)) return undefined;
  if (!(await hasOrigin(pattern))) return undefined;
  const matches = spec.paths ? spec.paths.map((path) => pattern.replace(/\/\*$/, path)) : [pattern];
  return { id: spec.id, js: [spec.file], matches, runAt: 'document_idle', persistAcrossSessions: true };
}

const stripSlash = (path: string) => path.replace(/^\//, '');

function sameRegistration(a: Registration, b: Registration): boolean {
  const list = (v: string[] | undefined) => JSON.stringify((v ?? []).map(stripSlash));
  return (
    list(a.matches?.toSorted()) === list(b.matches?.toSorted()) &&
    list('js' in a ? a.js : undefined) === list('js' in b ? b.js : undefined) &&
    (a.runAt ?? 'document_idle') === (b.runAt ?? 'document_idle') &&
    (a.persistAcrossSessions ?? true) === (b.persistAcrossSessions ?? true)
  );
}

async function syncOne(spec: ScriptSpec, settings: Settings, current: Registration | undefined): Promise<SyncAction> {
  const wanted = await wantedRegistration(spec, settings);
  if (!wanted) {
    if (!current) return 'absent';
    await browser.scripting.unregisterContentScripts({ ids: [spec.id] });
    return 'unregistered';
  }
  if (!current) {
    await browser.scripting.registerContentScripts([wanted]);
    return 'registered';
  }
  if (sameRegistration(current, wanted)) return 'unchanged';
  await browser.scripting.updateContentScripts([wanted]);
  return 'updated';
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Brings the registered content scripts in line with the settings and the granted permissions.
 * Runs are queued, so a settings change and a permission change arriving together cannot both try
 * to register the same id.
 */
export function syncContentScripts(settings: Settings): Promise<SyncReport> {
  const run = queue.then(async () => {
    const ids = contentScripts.map((s) => s.id);
    const registered = await browser.scripting.getRegisteredContentScripts({ ids });
    const report: SyncReport = {};
    for (const spec of contentScripts) {
      report[spec.id] = await syncOne(
        spec,
        settings,
        registered.find((r) => r.id === spec.id),
      );
    }
    return report;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Background: sync now, and again whenever the settings or the granted host permissions change. */
export function startContentScriptSync(): () => void {
  const sync = () => {
    loadSettings()
      .then(({ settings }) => syncContentScripts(settings))
      .catch((error: unknown) => console.error('Bao could not register its content scripts:', error));
  };
  sync();
  const unwatch = watchSettings(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  return () => {
    unwatch();
    browser.permissions.onAdded.removeListener(sync);
    browser.permissions.onRemoved.removeListener(sync);
  };
}
