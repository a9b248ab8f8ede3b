import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  missingOrigins,
  releaseUnusedOrigins,
  requestOrigins,
  requiredOrigins,
  systemOrigins,
} from '../../../lib/permissions';
import { defaultSettings, type Settings } from '../../../lib/storage';

const settings = (urls: Partial<Settings>): Settings => ({ ...defaultSettings, ...urls });

/** The fake browser leaves `permissions` unimplemented: give it a granted set to answer from. */
function grant(...origins: string[]) {
  const granted = new Set(origins);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) =>
    (p.origins ?? []).every((o) => granted.has(o)),
  );
  vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({
    origins: [...granted],
    permissions: [],
  }));
  return granted;
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('requiredOrigins', () => {
  test.each([
    {
      what: 'one pattern per system',
      urls: {
        cardeaUrl: 'https://cardea.lab.org',
        misoUrl: 'https://miso.lab.org',
        jiraUrl: 'https://jira.lab.org',
        nabuUrl: 'https://nabu.lab.org',
      },
      want: ['https://cardea.lab.org/*', 'https://miso.lab.org/*', 'https://jira.lab.org/*', 'https://nabu.lab.org/*'],
    },
    { what: 'ports dropped', urls: { jiraUrl: 'https://jira.lab.org:8443' }, want: ['https://jira.lab.org/*'] },
    { what: 'paths dropped', urls: { misoUrl: 'http://lims.lab.org:8080/miso/' }, want: ['http://lims.lab.org/*'] },
    {
      what: 'duplicates merged (same host, different ports)',
      urls: { cardeaUrl: 'http://127.0.0.1:4001', jiraUrl: 'http://127.0.0.1:4002', nabuUrl: 'http://127.0.0.1:4003' },
      want: ['http://127.0.0.1/*'],
    },
    {
      what: 'http and https kept apart',
      urls: { cardeaUrl: 'http://qc.lab.org', nabuUrl: 'https://qc.lab.org' },
      want: ['http://qc.lab.org/*', 'https://qc.lab.org/*'],
    },
    {
      what: 'empty URLs skipped',
      urls: { cardeaUrl: '', misoUrl: 'http://localhost:3000', jiraUrl: '', nabuUrl: '' },
      want: ['http://localhost/*'],
    },
    { what: 'nothing configured', urls: {}, want: [] },
  ])('$what', ({ urls, want }) => {
    expect(requiredOrigins(settings(urls))).toEqual(want);
  });

  test('systemOrigins names the system behind each pattern', () => {
    expect(systemOrigins(settings({ misoUrl: 'http://localhost:3000', jiraUrl: 'http://127.0.0.1:9' }))).toEqual([
      { system: 'MISO', origin: 'http://localhost/*' },
      { system: 'Jira', origin: 'http://127.0.0.1/*' },
    ]);
  });
});

const lab = settings({
  cardeaUrl: 'https://cardea.lab.org',
  misoUrl: 'https://miso.lab.org/miso',
  jiraUrl: 'https://jira.lab.org',
  nabuUrl: 'https://cardea.lab.org:8443',
});

describe('missingOrigins / requestOrigins', () => {
  test('missingOrigins lists the configured origins the browser has not granted', async () => {
    grant('https://cardea.lab.org/*');
    expect(await missingOrigins(lab)).toEqual(['https://miso.lab.org/*', 'https://jira.lab.org/*']);
  });

  test('asks for the configured origins (the browser skips granted ones), and reports none missing when the user allows', async () => {
    grant('https://cardea.lab.org/*');
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => true);
    expect(await requestOrigins(lab)).toEqual([]);
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledWith({
      origins: ['https://cardea.lab.org/*', 'https://miso.lab.org/*', 'https://jira.lab.org/*'],
    });
  });

  test('asks before awaiting anything: Firefox refuses a request once the click handler has awaited', () => {
    grant('https://cardea.lab.org/*');
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => true);
    void requestOrigins(lab);
    expect(request).toHaveBeenCalledTimes(1);
  });

  test('returns what is still missing when the user refuses', async () => {
    grant();
    vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => false);
    expect(await requestOrigins(lab)).toEqual([
      'https://cardea.lab.org/*',
      'https://miso.lab.org/*',
      'https://jira.lab.org/*',
    ]);
  });

  test('does not ask when no system is configured', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request');
    expect(await requestOrigins({ ...lab, cardeaUrl: '', misoUrl: '', jiraUrl: '', nabuUrl: '' })).toEqual([]);
    expect(request).not.toHaveBeenCalled();
  });

  test('a request the browser rejects (no user gesture) counts as refused', async () => {
    grant('https://cardea.lab.org/*', 'https://miso.lab.org/*');
    vi.spyOn(fakeBrowser.permissions, 'request').mockRejectedValue(
      new Error('This function must be called during a user gesture'),
    );
    expect(await requestOrigins(lab)).toEqual(['https://jira.lab.org/*']);
  });
});

describe('releaseUnusedOrigins', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Bao',
      version: '0',
      host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    });
  });

  test('removes optional origins no system uses, never the manifest ones', async () => {
    grant(
      'http://localhost/*',
      'http://127.0.0.1/*',
      'https://cardea.lab.org/*',
      'https://old-jira.lab.org/*',
      'https://miso.lab.org/*',
    );
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async () => true);
    expect(await releaseUnusedOrigins(lab)).toEqual(['https://old-jira.lab.org/*']);
    expect(remove).toHaveBeenCalledWith({ origins: ['https://old-jira.lab.org/*'] });
  });

  test('removes nothing when every granted origin is in use', async () => {
    grant('http://localhost/*', 'https://cardea.lab.org/*');
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove');
    expect(await releaseUnusedOrigins(lab)).toEqual([]);
    expect(remove).not.toHaveBeenCalled();
  });
});
