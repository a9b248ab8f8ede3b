import fc from 'fast-check';
import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Settings, defaultSettings, loadSecrets, loadSettings } from '../../../lib/storage';
import { asyncOutcomeOf, expectUnpolluted, nearValid } from './harness';
import { fcOptions } from './seed';

// Settings as Bao reads them back from storage.local (written by an older Bao, or edited by hand) and from an
// administrator's managed policy: whatever is stored, Bao starts with valid settings, a broken field falls
// back (or is reported, for a policy), and nothing else changes.

const anyValue = fc.anything({ maxDepth: 3, withNullPrototype: true, withDate: true });
const valid = {
  ...defaultSettings,
  cardeaUrl: 'https://cardea.lab.org',
  jiraUrl: 'https://jira.lab.org',
  jiraProject: 'GLT',
};
const stored = fc.oneof(
  anyValue,
  nearValid(valid).map(({ value }) => value),
);

test('any stored settings and any policy: valid settings, locks and reports only for known fields', async () => {
  await fc.assert(
    fc.asyncProperty(stored, stored, anyValue, async (local, managed, secrets) => {
      fakeBrowser.reset();
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      await fakeBrowser.storage.local.set({ settings: local, secrets });
      vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(async () =>
        managed !== null && typeof managed === 'object' ? (managed as Record<string, unknown>) : {},
      );
      const outcome = await asyncOutcomeOf(() => loadSettings());
      if ('error' in outcome) throw outcome.error;
      const { settings, locked, policyErrors } = outcome.value as Awaited<ReturnType<typeof loadSettings>>;
      expect(Settings.safeParse(settings).success).toBe(true);
      const known = Object.keys(Settings.shape);
      for (const key of [...locked, ...Object.keys(policyErrors)]) expect(known).toContain(key);
      expectUnpolluted(settings);
      const loaded = await loadSecrets();
      expect(Object.values(loaded).every((v) => typeof v === 'string')).toBe(true);
    }),
    fcOptions(150),
  );
});
