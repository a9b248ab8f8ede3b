import { afterEach, expect, test, vi } from 'vitest';
import { checkConnections } from '../../../lib/background/check-connections';
import { defaultSecrets, defaultSettings, type Secrets, type Settings } from '../../../lib/storage';

const lab: Settings = {
  ...defaultSettings,
  cardeaUrl: 'https://cardea.lab.org',
  misoUrl: 'https://miso.lab.org',
  jiraUrl: 'https://jira.lab.org/jira',
  nabuUrl: 'https://nabu.lab.org',
};
const keys: Secrets = { ...defaultSecrets, nabuApiKey: '1-secret', jiraToken: 'pat-123' };

type Route = (url: URL, init: RequestInit) => Response;
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Answers each request from the route for its host, and records what was sent. */
function serve(routes: Record<string, Route>) {
  const seen: Array<{ url: string; headers: Headers }> = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    seen.push({ url: input, headers: new Headers(init.headers) });
    const route = routes[url.host];
    if (!route) throw new TypeError('Failed to fetch');
    return route(url, init);
  });
  return seen;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const byHost: Record<string, Route> = {
  'cardea.lab.org': () => json('2026-11-20T10:00:00Z'),
  'nabu.lab.org': (_url, init) =>
    new Headers(init.headers).get('X-API-KEY') === '1-secret'
      ? json([])
      : json({ errors: ['Unable to authenticate submission'] }, 401),
  'jira.lab.org': (_url, init) =>
    new Headers(init.headers).get('Authorization') === 'Bearer pat-123'
      ? json({ name: 'tess', displayName: 'Tess Ter' })
      : json({}, 401),
};

test('every system reachable with good credentials', async () => {
  const seen = serve(byHost);
  const results = await checkConnections(lab, keys);
  expect(results.map((r) => [r.system, r.ok])).toEqual([
    ['Cardea', true],
    ['MISO', true],
    ['Jira', true],
    ['Nabu', true],
  ]);
  expect(results[0].detail).toContain('2026-11-20T10:00:00Z');
  expect(results[2].detail).toContain('Tess Ter');
  expect(seen.map((s) => s.url).sort()).toEqual([
    'https://cardea.lab.org/timestamp',
    'https://jira.lab.org/jira/rest/api/2/myself',
    'https://nabu.lab.org/case/__bao-connection-check__/sign-off',
  ]);
});

test('secrets go only to their own system', async () => {
  const seen = serve(byHost);
  await checkConnections(lab, keys);
  for (const { url, headers } of seen) {
    expect(headers.has('X-API-KEY'), url).toBe(url.startsWith('https://nabu.lab.org/'));
    expect(headers.has('Authorization'), url).toBe(url.startsWith('https://jira.lab.org/'));
  }
});

test('a wrong Nabu key is reported as refused', async () => {
  serve(byHost);
  const [, , , nabu] = await checkConnections(lab, { ...keys, nabuApiKey: 'wrong-key' });
  expect(nabu).toMatchObject({ system: 'Nabu', ok: false });
  expect(nabu.detail).toMatch(/Nabu refused the API key/);
});

test('without a Jira token the check says the overlay uses the Jira login', async () => {
  serve(byHost);
  const [, , jira] = await checkConnections(lab, { ...keys, jiraToken: '' });
  expect(jira.ok).toBe(true);
  expect(jira.detail).toMatch(/no token: the overlay uses your Jira login; the ticket keeper needs a token/i);
  const [, , withKeeper] = await checkConnections({ ...lab, keeperEnabled: true }, { ...keys, jiraToken: '' });
  expect(withKeeper.ok).toBe(false);
});

test('a Jira token that Jira rejects is named as the problem', async () => {
  serve(byHost);
  const [, , jira] = await checkConnections(lab, { ...keys, jiraToken: 'expired' });
  expect(jira).toEqual({ system: 'Jira', ok: false, detail: 'Jira refused the token: check it in Bao’s options.' });
});

test('Jira Cloud sends email and API token as Basic auth to the v3 API', async () => {
  const seen = serve({ 'lab.atlassian.net': () => json({ accountId: 'x', displayName: 'Tess Ter' }) });
  const cloud = { ...lab, jiraUrl: 'https://lab.atlassian.net', jiraFlavour: 'cloud' as const };
  const [, , jira] = await checkConnections(cloud, { ...keys, jiraEmail: 'tess@lab.org' });
  expect(jira.ok).toBe(true);
  const request = seen.find((s) => s.url.startsWith('https://lab.atlassian.net'));
  expect(request?.url).toBe('https://lab.atlassian.net/rest/api/3/myself');
  expect(request?.headers.get('Authorization')).toBe(`Basic ${btoa('tess@lab.org:pat-123')}`);
});

test('an unreachable Cardea and unconfigured systems are problems, with the reason', async () => {
  serve({});
  const results = await checkConnections({ ...defaultSettings, cardeaUrl: 'https://cardea.lab.org' }, defaultSecrets);
  expect(results.map((r) => [r.system, r.ok])).toEqual([
    ['Cardea', false],
    ['MISO', false],
    ['Jira', false],
    ['Nabu', false],
  ]);
  expect(results[0].detail).toMatch(/Cardea could not be reached/);
  expect(results[3].detail).toBe('No Nabu URL is set.');
});
