// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { POLL_ALARM, startPipeline, type Pipeline } from '../../../lib/background/pipeline';
import { getCurrentIndex, getRunView, putPipelineStatus } from '../../../lib/db';
import { BADGE_COLORS } from '../../../lib/qc/badge';
import type { SettingsInput } from '../../../lib/storage';
import { NOVASEQ, smallDocument } from './document';
import { CARDEA, FakeCardea, json, type Fault } from './fake-cardea';
import { freshDatabase } from './helpers';

let cardea: FakeCardea;
let pipeline: Pipeline | undefined;

async function configure(settings: Partial<SettingsInput>): Promise<void> {
  await fakeBrowser.storage.local.set({ settings });
}

async function start(): Promise<Pipeline> {
  pipeline = startPipeline();
  await pipeline.ready;
  return pipeline;
}

const badge = async () => ({
  text: await fakeBrowser.action.getBadgeText({}),
  color: await fakeBrowser.action.getBadgeBackgroundColor({}),
  title: await fakeBrowser.action.getTitle({}),
});
const rgba = (hex: string) => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
  255,
];
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
// The small document: 2 runs require action, and all 3 cases wait for a case sign-off.
const WAITING = '5';

beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  cardea = new FakeCardea().install();
});

afterEach(() => {
  pipeline?.stop();
  pipeline = undefined;
});

describe('polling', () => {
  beforeEach(() => configure({ cardeaUrl: CARDEA, pollSeconds: 60 }));

  test('the first start downloads the document; later polls download only when /timestamp moved', async () => {
    const p = await start();
    expect(cardea.calls).toEqual(['/timestamp', '/dimsum']);
    expect(await p.status()).toMatchObject({
      state: 'idle',
      documentTimestamp: cardea.timestamp,
      failure: null,
      cardeaUrl: CARDEA,
    });

    await p.poll('manual');
    await p.poll('manual');
    expect(cardea.calls).toEqual(['/timestamp', '/dimsum', '/timestamp', '/timestamp']);

    cardea.publish();
    const status = await p.poll('manual');
    expect(cardea.calls.slice(4)).toEqual(['/timestamp', '/dimsum']);
    expect(status).toMatchObject({ state: 'idle', documentTimestamp: cardea.timestamp, progress: null });
    expect(status.documentBytes).toBeGreaterThan(1000);
    expect(status.index).toMatchObject({ cases: 3, runs: 3, runsRequiringAction: 2 });
    expect((await getCurrentIndex())!.document.timestamp).toBe(cardea.timestamp);
  });

  // Cardea's controller returns null before its first load, which Spring writes as a 200 with an empty body.
  const notLoaded: [string, () => Response][] = [
    ['an empty 200 (what Cardea sends)', () => new Response('', { status: 200 })],
    ['the JSON null', () => json(null)],
  ];
  test.each(notLoaded)(
    'before its first load Cardea answers %s: not loaded yet, nothing to download',
    async (_label, answer) => {
      cardea.fault = (path) => (path === '/timestamp' ? answer() : undefined);
      const p = await start();
      expect(cardea.calls).toEqual(['/timestamp']);
      expect(await p.status()).toMatchObject({
        state: 'idle',
        failure: null,
        documentTimestamp: null,
        cardeaLoading: true,
      });

      cardea.fault = undefined;
      const loaded = await p.poll('manual');
      expect(cardea.calls).toEqual(['/timestamp', '/timestamp', '/dimsum']);
      expect(loaded).toMatchObject({
        state: 'idle',
        failure: null,
        documentTimestamp: cardea.timestamp,
        cardeaLoading: false,
      });
    },
  );

  test('a Cardea restart keeps the data Bao has, without an error', async () => {
    const p = await start();
    cardea.fault = (path) => (path === '/timestamp' ? new Response('', { status: 200 }) : undefined);
    const status = await p.poll('manual');
    expect(status).toMatchObject({
      state: 'idle',
      failure: null,
      documentTimestamp: cardea.timestamp,
      cardeaLoading: true,
    });
    expect(cardea.count('/dimsum')).toBe(1);
  });

  test('the badge counts the runs that require action and the cases that wait', async () => {
    await start();
    expect(await badge()).toMatchObject({ text: WAITING, color: rgba(BADGE_COLORS.waiting) });
    expect((await badge()).title).toContain('2 runs waiting');
    expect((await badge()).title).toContain('3 cases waiting');
  });

  test('a restarted worker does not download again when nothing moved', async () => {
    await start();
    pipeline!.stop();
    // The status says the last check was just now: a fresh worker has no reason to poll yet.
    await start();
    expect(cardea.calls).toEqual(['/timestamp', '/dimsum']);
    expect(await badge()).toMatchObject({ text: WAITING });
  });

  test('one poll at a time: polls asked for meanwhile share a single follow-up', async () => {
    const p = await start();
    cardea.delayMs = 20;
    const before = cardea.count('/timestamp');
    await Promise.all([p.poll('manual'), p.poll('alarm'), p.poll('manual'), p.poll('manual')]);
    expect(cardea.count('/timestamp') - before).toBe(2);
  });

  test('the alarm polls, with the period from the settings, and follows changes', async () => {
    await start();
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toMatchObject({ periodInMinutes: 1 });

    await configure({ cardeaUrl: CARDEA, pollSeconds: 300 });
    await settle();
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toMatchObject({ periodInMinutes: 5 });

    const before = cardea.count('/timestamp');
    await fakeBrowser.alarms.onAlarm.trigger({
      name: POLL_ALARM,
      scheduledTime: Date.now(),
      periodInMinutes: 5,
      persistAcrossSessions: true,
    });
    await settle();
    expect(cardea.count('/timestamp')).toBe(before + 1);
  });

  test('a worker stopped mid-download does not stay "downloading"', async () => {
    await start();
    pipeline!.stop();
    await putPipelineStatus({
      ...(await pipeline!.status()),
      state: 'downloading',
      progress: { bytes: 10, cases: 1, totalBytes: null },
    });
    const p = await start();
    expect(await p.status()).toMatchObject({ state: 'idle', progress: null });
  });
});

test('without a Cardea URL nothing is fetched and the badge says Bao is not set up', async () => {
  const p = await start();
  await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
  expect(cardea.calls).toEqual([]);
  expect(await p.poll('manual')).toMatchObject({ state: 'unconfigured' });
  expect(cardea.calls).toEqual([]);
  await expect.poll(badge).toMatchObject({ text: '…', color: rgba(BADGE_COLORS.unconfigured) });
  expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();
});

test('configuring Cardea starts polling at once', async () => {
  await start();
  await configure({ cardeaUrl: CARDEA, pollSeconds: 60 });
  await expect.poll(() => cardea.count('/dimsum')).toBe(1);
  await expect.poll(async () => (await badge()).text).toBe(WAITING);
  expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeDefined();
});

describe('failures keep the last good index and show on the badge', () => {
  const badDocument = () => {
    const doc = smallDocument();
    (doc.cases[0].donor as { id: unknown }).id = 42;
    return doc;
  };
  const onPath =
    (path: string, answer: () => Response | Promise<Response>): Fault =>
    (p) =>
      p === path ? answer() : undefined;

  test.each<[string, Fault | 'invalid', Record<string, unknown>]>([
    ['Cardea unreachable', onPath('/dimsum', () => Promise.reject(new TypeError('fetch failed'))), { kind: 'network' }],
    [
      '401 on /timestamp',
      onPath('/timestamp', () => json({ error: 'Unauthorized' }, 401)),
      { kind: 'unauthorized', status: 401 },
    ],
    ['403 on /dimsum', onPath('/dimsum', () => json({}, 403)), { kind: 'unauthorized', status: 403 }],
    [
      '429 with Retry-After',
      onPath('/timestamp', () => json({}, 429, { 'Retry-After': '120' })),
      { kind: 'rate-limited', retryAfterMs: 120_000 },
    ],
    ['500 on /dimsum', onPath('/dimsum', () => new Response('boom', { status: 500 })), { kind: 'server', status: 500 }],
    [
      'a body that is not JSON',
      onPath('/dimsum', () => new Response('<html>Proxy error</html>')),
      { kind: 'malformed' },
    ],
    [
      'a case that fails validation',
      'invalid',
      { kind: 'invalid', issues: [expect.stringContaining('cases[0].donor.id')] },
    ],
  ])('%s', async (_name, fault, expected) => {
    await configure({ cardeaUrl: CARDEA, pollSeconds: 60 });
    const p = await start();
    cardea.publish(fault === 'invalid' ? badDocument() : cardea.document);
    if (fault !== 'invalid') cardea.fault = fault;

    const status = await p.poll('manual');
    expect(status.state).toBe('error');
    expect(status.failure).toMatchObject({ system: 'Cardea', ...expected });
    expect(await badge()).toMatchObject({ text: '!', color: rgba(BADGE_COLORS.failure) });
    expect((await badge()).title).toContain('Cardea');
    // The last good document is still served.
    expect(await getRunView(NOVASEQ)).toBeDefined();
    expect(status.documentTimestamp).toBe('2023-01-12T10:00:00Z');

    cardea.fault = undefined;
    cardea.publish(smallDocument());
    expect(await p.poll('manual')).toMatchObject({ state: 'idle', failure: null });
    expect(await badge()).toMatchObject({ text: WAITING, color: rgba(BADGE_COLORS.waiting) });
  });

  test('after a 429 the alarm waits out Retry-After; asking by hand still polls', async () => {
    await configure({ cardeaUrl: CARDEA, pollSeconds: 60 });
    const p = await start();
    cardea.fault = (path) => (path === '/timestamp' ? json({}, 429, { 'Retry-After': '600' }) : undefined);
    await p.poll('manual');
    const before = cardea.count('/timestamp');
    await p.poll('alarm');
    expect(cardea.count('/timestamp')).toBe(before);
    await p.poll('manual');
    expect(cardea.count('/timestamp')).toBe(before + 1);
  });
});
