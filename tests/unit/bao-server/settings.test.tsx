import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsForm } from '../../../components/options/options-form';
import { checkConnections } from '../../../lib/background/check-connections';
import { requiredOrigins, systemOrigins } from '../../../lib/permissions';
import {
  defaultSecrets,
  defaultSettings,
  loadSettings,
  saveSettings,
  validateSettings,
  type Settings,
} from '../../../lib/storage';

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const withServer: Settings = { ...defaultSettings, baoServerUrl: 'https://bao.lab.org' };

test('the Bao server URL is empty by default (direct mode) and must be an http(s) address', () => {
  expect(defaultSettings.baoServerUrl).toBe('');
  const saved = validateSettings({ ...defaultSettings, baoServerUrl: 'https://bao.lab.org/snapshot/' });
  expect(saved.ok && saved.settings.baoServerUrl).toBe('https://bao.lab.org/snapshot');
  expect(validateSettings({ ...defaultSettings, baoServerUrl: 'bao.lab.org' })).toEqual({
    ok: false,
    errors: { baoServerUrl: 'must be an http:// or https:// address' },
  });
});

test('an administrator can set and lock the Bao server URL', async () => {
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () => ({
    baoServerUrl: 'https://bao.lab.org/',
  }));
  await saveSettings({ ...defaultSettings, baoServerUrl: 'https://mine.example' });
  const { settings, locked } = await loadSettings();
  expect(settings.baoServerUrl).toBe('https://bao.lab.org');
  expect(locked).toEqual(['baoServerUrl']);
});

test('host access is asked for the Bao server like the other systems', () => {
  expect(requiredOrigins({ ...withServer, cardeaUrl: 'https://cardea.lab.org' })).toEqual([
    'https://cardea.lab.org/*',
    'https://bao.lab.org/*',
  ]);
  expect(systemOrigins(withServer)).toEqual([{ system: 'Bao server', origin: 'https://bao.lab.org/*' }]);
});

test('the options page has the field, with what it does, and locks it under a policy', () => {
  const props = {
    settings: withServer,
    locked: ['baoServerUrl' as const],
    secrets: { nabuApiKey: false, jiraToken: false, jiraEmail: '' },
    onSave: vi.fn(async () => ({ ok: true as const })),
    onClearSecret: vi.fn(async () => undefined),
    onCheckConnections: vi.fn(async () => []),
  };
  render(<OptionsForm {...props} />);
  const input = screen.getByLabelText<HTMLInputElement>('Bao server URL');
  expect(input.value).toBe('https://bao.lab.org');
  expect(input.readOnly || input.disabled).toBe(true);
  expect(document.body.textContent).toContain("When set, Bao reads the lab's Bao server instead of Cardea");
  expect(document.body.textContent).toContain('the Bao server keeps the tickets');
});

test('Check connections reads the Bao server’s index.json and says when it cannot read Cardea', async () => {
  vi.stubGlobal('fetch', async (input: string) => {
    if (new URL(input).pathname !== '/index.json') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify({ format: 2 }), { headers: { 'Content-Type': 'application/json' } });
  });
  const results = await checkConnections(withServer, defaultSecrets);
  expect(results.find((r) => r.system === 'Bao server')).toMatchObject({ ok: false });
  expect(results.find((r) => r.system === 'Bao server')!.detail).toContain('index.json');
  // The browser does not read Cardea in server mode, so no Cardea URL is needed.
  expect(results.find((r) => r.system === 'Cardea')).toMatchObject({ ok: true });

  vi.stubGlobal('fetch', async () => new TypeError('down'));
  const direct = await checkConnections(defaultSettings, defaultSecrets);
  expect(direct.map((r) => r.system)).toEqual(['Cardea', 'MISO', 'Jira', 'Nabu']);
});
