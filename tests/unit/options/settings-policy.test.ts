import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings, loadSettings, saveSettings, validateSettings } from '../../../lib/storage';

beforeEach(() => {
  fakeBrowser.reset();
});

const policy = (values: Record<string, unknown>) =>
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => values);

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
  const saved = await saveSettings({
    ...defaultSettings,
    misoUrl: 'https://elsewhere.example',
    jiraUrl: 'https://jira.lab.org',
  });
  expect(saved.ok && saved.settings.misoUrl).toBe('https://miso.lab.org');
  const { settings: stored } = await fakeBrowser.storage.local.get('settings');
  expect(stored).toMatchObject({ jiraUrl: 'https://jira.lab.org' });
  expect(stored).not.toHaveProperty('misoUrl');
});

test('a policy with a plain http:// Jira or Nabu address is reported, not used', async () => {
  await fakeBrowser.storage.local.set({ settings: { jiraUrl: 'https://jira.lab.org' } });
  policy({ jiraUrl: 'http://jira.lab.org', nabuUrl: 'http://nabu.lab.org', misoUrl: 'http://miso.lab.org' });
  const { settings, locked, policyErrors } = await loadSettings();
  expect(locked).toEqual(['misoUrl']);
  expect(settings.jiraUrl).toBe('https://jira.lab.org');
  expect(settings.nabuUrl).toBe('');
  expect(Object.keys(policyErrors).sort()).toEqual(['jiraUrl', 'nabuUrl']);
  expect(policyErrors.jiraUrl).toMatch(/https:\/\/.*Jira token/);
  expect(policyErrors.nabuUrl).toMatch(/https:\/\/.*Nabu API key/);
});

test('the options refuse plain http:// for Nabu and Jira, except on this computer (the sandbox)', () => {
  const check = (fields: Record<string, string>) => validateSettings({ ...defaultSettings, ...fields });
  const refused = check({ jiraUrl: 'http://jira.lab.org', nabuUrl: 'http://nabu.lab.org:8080/' });
  expect(refused.ok).toBe(false);
  if (!refused.ok) {
    expect(refused.errors.jiraUrl).toMatch(/^must be an https:\/\/ address: Bao sends it your Jira token/);
    expect(refused.errors.nabuUrl).toMatch(/^must be an https:\/\/ address: Bao sends it your Nabu API key/);
  }
  for (const host of ['localhost:8443', '127.0.0.1:9000', '[::1]:3000']) {
    expect(check({ jiraUrl: `http://${host}`, nabuUrl: `http://${host}/nabu` }).ok, host).toBe(true);
  }
  expect(
    check({
      jiraUrl: 'https://jira.lab.org',
      nabuUrl: 'https://nabu.lab.org',
      cardeaUrl: 'http://cardea.lab.org',
      misoUrl: 'http://miso.lab.org',
    }).ok,
  ).toBe(true);
  // A name that only starts like a loopback host is not one.
  expect(check({ jiraUrl: 'http://localhost.evil.example' }).ok).toBe(false);
  expect(check({ nabuUrl: 'http://127.0.0.1.evil.example' }).ok).toBe(false);
});
