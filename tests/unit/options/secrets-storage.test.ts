import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadSecrets, loadSettings, saveSecrets } from '../../../lib/storage';

// Content scripts can read storage.local, so the Nabu key and the Jira token must never stay there.

beforeEach(async () => {
  fakeBrowser.reset();
  await saveSecrets({ nabuApiKey: '', jiraToken: '', jiraEmail: '' });
});

const local = async () => fakeBrowser.storage.local.get(null);

test('an install that kept its secrets in storage.local keeps them, and storage.local no longer has them', async () => {
  await fakeBrowser.storage.local.set({
    settings: { displayName: 'Ada' },
    secrets: { nabuApiKey: 'abc-123', jiraToken: 'tok', jiraEmail: '' },
  });
  expect(await loadSecrets()).toEqual({ nabuApiKey: 'abc-123', jiraToken: 'tok', jiraEmail: '' });
  expect(await local()).toEqual({ settings: { displayName: 'Ada' } });
  // Read again, from where they moved to.
  expect(await loadSecrets()).toMatchObject({ nabuApiKey: 'abc-123', jiraToken: 'tok' });
});

test('saved secrets are never written to storage.local', async () => {
  await saveSecrets({ nabuApiKey: 'abc-123', jiraToken: 'tok' });
  expect(await loadSecrets()).toMatchObject({ nabuApiKey: 'abc-123', jiraToken: 'tok' });
  expect(JSON.stringify(await local())).not.toMatch(/abc-123|tok/);
});

test('secrets written to storage.local later are newer: they replace the stored ones and leave storage.local', async () => {
  await saveSecrets({ nabuApiKey: 'old-1', jiraToken: 'old' });
  await fakeBrowser.storage.local.set({ secrets: { nabuApiKey: 'new-2' } });
  expect(await loadSecrets()).toMatchObject({ nabuApiKey: 'new-2', jiraToken: 'old' });
  expect(await local()).toEqual({});
});

test('an administrator’s policy still sets the non-secret fields beside secrets moved out of storage.local', async () => {
  await fakeBrowser.storage.local.set({ secrets: { nabuApiKey: 'abc-123' } });
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => ({ misoUrl: 'https://miso.lab.org/' }));
  expect((await loadSecrets()).nabuApiKey).toBe('abc-123');
  const { settings, locked } = await loadSettings();
  expect(settings.misoUrl).toBe('https://miso.lab.org');
  expect(locked).toEqual(['misoUrl']);
});
