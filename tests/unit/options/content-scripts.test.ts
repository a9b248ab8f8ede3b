import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startContentScriptSync, syncContentScripts } from '../../../lib/content-scripts';
import { defaultSettings, type Settings } from '../../../lib/storage';

type Registration = Browser.scripting.RegisteredContentScript;

/** The fake browser has no `scripting`: a registry that fails like Chrome's on duplicate or unknown ids. */
function fakeScripting(initial: Registration[] = []) {
  const registry = new Map(initial.map((r) => [r.id, r]));
  const s = fakeBrowser.scripting;
  const register = vi.spyOn(s, 'registerContentScripts').mockImplementation(async (scripts: Registration[]) => {
    for (const r of scripts) if (registry.has(r.id)) throw new Error(`Duplicate script ID '${r.id}'`);
    for (const r of scripts) registry.set(r.id, r);
  });
  const update = vi.spyOn(s, 'updateContentScripts').mockImplementation(async (scripts: Registration[]) => {
    for (const r of scripts) {
      if (!registry.has(r.id)) throw new Error(`Nonexistent script ID '${r.id}'`);
      registry.set(r.id, { ...registry.get(r.id)!, ...r });
    }
  });
  const unregister = vi.spyOn(s, 'unregisterContentScripts').mockImplementation(async (filter?: { ids?: string[] }) => {
    for (const id of filter?.ids ?? [...registry.keys()]) {
      if (!registry.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    }
  });
  vi.spyOn(s, 'getRegisteredContentScripts').mockImplementation(async (filter?: { ids?: string[] }) =>
    [...registry.values()].filter((r) => !filter?.ids || filter.ids.includes(r.id)),
  );
  return { registry, register, update, unregister };
}

function grant(...origins: string[]) {
  const granted = new Set(origins);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) =>
    (p.origins ?? []).every((o) => granted.has(o)),
  );
  return granted;
}

const lab: Settings = {
  ...defaultSettings,
  misoUrl: 'http://localhost:8090/miso',
  jiraUrl: 'http://127.0.0.1:8091',
};

const jira: Registration = {
  id: 'bao-jira',
  js: ['content-scripts/jira.js'],
  matches: ['http://127.0.0.1/*'],
  runAt: 'document_idle',
  persistAcrossSessions: true,
};
/** Only the MISO pages Bao works on: run pages, the metrics page, and the main menu and login page a batch passes through. */
const misoPages = [
  'http://localhost/run/*',
  'http://localhost/miso/run/*',
  'http://localhost/runlibraries/metrics*',
  'http://localhost/miso/runlibraries/metrics*',
  'http://localhost/mainMenu*',
  'http://localhost/miso/mainMenu*',
  'http://localhost/login*',
  'http://localhost/miso/login*',
];
const miso: Registration = {
  id: 'bao-miso',
  js: ['content-scripts/miso.js'],
  matches: misoPages,
  runAt: 'document_idle',
  persistAcrossSessions: true,
};

beforeEach(() => {
  fakeBrowser.reset();
});

describe('syncContentScripts', () => {
  test('registers the Jira and MISO scripts on their origins', async () => {
    const { registry, register } = fakeScripting();
    grant('http://localhost/*', 'http://127.0.0.1/*');
    expect(await syncContentScripts(lab)).toEqual({ 'bao-jira': 'registered', 'bao-miso': 'registered' });
    expect(register.mock.calls.flat(2)).toEqual([jira, miso]);
    expect([...registry.values()]).toEqual([jira, miso]);
  });

  test('is idempotent: a second run changes nothing', async () => {
    const { register, update, unregister } = fakeScripting();
    grant('http://localhost/*', 'http://127.0.0.1/*');
    await syncContentScripts(lab);
    expect(await syncContentScripts(lab)).toEqual({ 'bao-jira': 'unchanged', 'bao-miso': 'unchanged' });
    expect(register).toHaveBeenCalledTimes(2);
    expect(update).not.toHaveBeenCalled();
    expect(unregister).not.toHaveBeenCalled();
  });

  test('a registration Chrome hands back with its match patterns sorted is unchanged', async () => {
    const { update } = fakeScripting([jira, { ...miso, matches: miso.matches!.toSorted() }]);
    grant('http://localhost/*', 'http://127.0.0.1/*');
    expect(await syncContentScripts(lab)).toEqual({ 'bao-jira': 'unchanged', 'bao-miso': 'unchanged' });
    expect(update).not.toHaveBeenCalled();
  });

  test('updates a script registered earlier for another host instead of registering it twice', async () => {
    const { registry, register, update } = fakeScripting([{ ...jira, matches: ['https://old-jira.lab.org/*'] }, miso]);
    grant('http://localhost/*', 'http://127.0.0.1/*');
    expect(await syncContentScripts(lab)).toEqual({ 'bao-jira': 'updated', 'bao-miso': 'unchanged' });
    expect(update).toHaveBeenCalledWith([jira]);
    expect(register).not.toHaveBeenCalled();
    expect(registry.get('bao-jira')?.matches).toEqual(['http://127.0.0.1/*']);
  });

  test.each([
    { what: 'its feature switch is off', change: { features: { jiraOverlay: false, misoOverlay: true } } },
    { what: 'its URL is empty', change: { jiraUrl: '' } },
  ])('unregisters the Jira script when $what', async ({ change }) => {
    const { registry, unregister } = fakeScripting([jira, miso]);
    grant('http://localhost/*', 'http://127.0.0.1/*');
    expect(await syncContentScripts({ ...lab, ...change })).toEqual({
      'bao-jira': 'unregistered',
      'bao-miso': 'unchanged',
    });
    expect(unregister).toHaveBeenCalledWith({ ids: ['bao-jira'] });
    expect([...registry.keys()]).toEqual(['bao-miso']);
  });

  test('keeps the MISO script when the MISO overlay is off: it still delivers QC in MISO batches from Jira', async () => {
    const { registry } = fakeScripting([jira, miso]);
    grant('http://localhost/*', 'http://127.0.0.1/*');
    await syncContentScripts({ ...lab, features: { jiraOverlay: true, misoOverlay: false } });
    expect([...registry.keys()]).toEqual(['bao-jira', 'bao-miso']);
  });

  test('does not register a script whose host permission is missing, and drops one that lost it', async () => {
    const { registry, register } = fakeScripting([jira]);
    grant('http://localhost/*');
    expect(await syncContentScripts(lab)).toEqual({ 'bao-jira': 'unregistered', 'bao-miso': 'registered' });
    expect(register).toHaveBeenCalledWith([miso]);
    expect([...registry.keys()]).toEqual(['bao-miso']);
  });

  test('nothing configured: nothing registered', async () => {
    const { register } = fakeScripting();
    grant('http://localhost/*', 'http://127.0.0.1/*');
    expect(await syncContentScripts(defaultSettings)).toEqual({ 'bao-jira': 'absent', 'bao-miso': 'absent' });
    expect(register).not.toHaveBeenCalled();
  });

  test('runs that overlap do not register the same id twice', async () => {
    const { registry } = fakeScripting();
    grant('http://localhost/*', 'http://127.0.0.1/*');
    const reports = await Promise.all([syncContentScripts(lab), syncContentScripts(lab), syncContentScripts(lab)]);
    expect(reports.map((r) => r['bao-jira'])).toEqual(['registered', 'unchanged', 'unchanged']);
    expect(registry.size).toBe(2);
  });
});

describe('startContentScriptSync', () => {
  test('syncs at start, on a settings change and when a permission is granted', async () => {
    const { registry } = fakeScripting();
    const granted = grant('http://localhost/*');
    const onAdded: Array<() => void> = [];
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(
      (l) => void onAdded.push(l as () => void),
    );
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.permissions.onAdded, 'removeListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'removeListener').mockImplementation(() => undefined);

    const configured = { misoUrl: 'http://localhost:8090', jiraUrl: 'http://127.0.0.1:8091' };
    await fakeBrowser.storage.local.set({ settings: configured });
    const stop = startContentScriptSync();
    await vi.waitFor(() => expect([...registry.keys()]).toEqual(['bao-miso'])); // no access to Jira's host yet

    granted.add('http://127.0.0.1/*');
    expect(onAdded).toHaveLength(1);
    onAdded[0]();
    await vi.waitFor(() => expect(registry.get('bao-jira')?.matches).toEqual(['http://127.0.0.1/*']));

    await fakeBrowser.storage.local.set({
      settings: { ...configured, features: { jiraOverlay: false, misoOverlay: true } },
    });
    await vi.waitFor(() => expect([...registry.keys()]).toEqual(['bao-miso']));
    stop();
  });
});
