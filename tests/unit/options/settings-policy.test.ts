import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings, loadSettings, saveSettings } from '../../../lib/storage';

beforeEach(() => {
  fakeBrowser.reset();
});

const policy = (values: Record<string, unknown>) => vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => values);

test('fields an administrator sets are locked and win over what the user stored', async () => {
  await fakeBrowser.storage.local.set({ settings: { misoUrl: 'https://my-miso.example', displayName: 'Ada' } });
  policy({ misoUrl: 'https://miso.lab.org/', pollSeconds: 120, features: { jiraOverlay: false, misoOverlay: true } });
  const { settings, locked } = await loadSettings();
  expect(locked.sort()).toEqual(['features', 'misoUrl', 'pollSeconds']);
  expect(settings.misoUrl).toBe('https://miso.lab.org');
  expect(settings.pollSeconds).toBe(120);
  expect(settings.features.jiraOverlay).toBe(false);
  expect(settings.displayName).toBe('Ada');
});

test('invalid or unknown policy fields are ignored rather than locking anything', async () => {
  policy({ jiraProject: 'not a key', pollSeconds: 'often', surprise: true });
  const { settings, locked } = await loadSettings();
  expect(locked).toEqual([]);
  expect(settings.jiraProject).toBe(defaultSettings.jiraProject);
});

test('no policy installed: nothing locked', async () => {
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
  expect((await loadSettings()).locked).toEqual([]);
});

test('saving keeps a locked field out of the user’s own settings', async () => {
  policy({ misoUrl: 'https://miso.lab.org' });
  const saved = await saveSettings({ ...defaultSettings, misoUrl: 'https://elsewhere.example', jiraUrl: 'https://jira.lab.org' });
  expect(saved.ok && saved.settings.misoUrl).toBe('https://miso.lab.org');
  const { settings: stored } = await fakeBrowser.storage.local.get('settings');
  expect(stored).toMatchObject({ jiraUrl: 'https://jira.lab.org' });
  expect(stored).not.toHaveProperty('misoUrl');
});
