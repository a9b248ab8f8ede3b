// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerMessageHandlers } from '../../../lib/background/messages';
import { OUTBOX_ALARM, startOutbox, type Outbox } from '../../../lib/background/outbox';
import { initialStatus } from '../../../lib/background/pipeline-status';
import { forgetCaseRecords } from '../../../lib/case-signoff/case-index';
import { CasesPage, OutboxView, SubmitResult } from '../../../lib/case-signoff/schemas';
import { openIndexWriter } from '../../../lib/db';
import { result } from '../../../lib/messages/define';
import {
  deliver as deliverFrom,
  fakePipeline,
  popupSender as popup,
  tabSender,
  type Sender,
} from '../background-harness';
import { freshDatabase } from '../pipeline/helpers';
import { caseRecord } from './builders';
import { startSandboxNabu, type SandboxNabu } from './sandbox-nabu';

// The popup's case messages through the real handler map: extension pages only, validated both ways.

const MISO = 'https://miso.lab.org';
const misoTab = tabSender(`${MISO}/run/1`);

const status = initialStatus('https://cardea.lab.org');
const pipeline = fakePipeline(() => status);

const deliver = (type: string, data: unknown, sender: Sender = popup) => deliverFrom(type, data, sender);

let sandbox: SandboxNabu;
let outbox: Outbox;
let unregister: () => void;

beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  forgetCaseRecords();
  sandbox = await startSandboxNabu();
  await fakeBrowser.storage.local.set({
    settings: { cardeaUrl: 'https://cardea.lab.org', misoUrl: MISO, nabuUrl: sandbox.url, displayName: 'Tess Ter' },
    secrets: { nabuApiKey: sandbox.nabu.apiKey },
  });
  const writer = await openIndexWriter('https://cardea.lab.org');
  await writer.write({
    assays: [],
    runs: [],
    runLibraries: [],
    omitted: [],
    cases: [caseRecord({ id: 'PANX_1_b1_Co_M' }), caseRecord({ id: 'PANX_2_b1_Co_M' })],
  });
  await writer.commit({
    timestamp: '2026-11-24T00:00:00Z',
    bytes: 1,
    cases: 2,
    assays: 0,
    runs: 0,
    runLibraries: 0,
    omittedRunLibraries: 0,
    notifications: 0,
    runsRequiringAction: 0,
  });
  outbox = startOutbox({ refreshBadge: async () => undefined });
  await outbox.ready;
  unregister = registerMessageHandlers({ pipeline, outbox });
});

afterEach(async () => {
  unregister();
  outbox.stop();
  await sandbox.close();
});

describe('case messages', () => {
  test('getCases answers the popup with a validated page', async () => {
    const answer = await deliver('getCases', { pageSize: 25 });
    const page = result(CasesPage).parse(answer.res);
    expect(page).toMatchObject({ ok: true, value: { total: 2, filteredCount: 2, waitingCount: 2 } });
  });

  test('content scripts may not ask, even from a configured MISO page', async () => {
    for (const [type, data] of [
      ['getCases', {}],
      [
        'submitSignoffs',
        {
          caseIds: ['PANX_1_b1_Co_M'],
          step: 'RELEASE_APPROVAL',
          deliverableType: 'Data Release',
          status: 'PASSED_PROCEED',
        },
      ],
      ['getOutbox', undefined],
      ['retryOutbox', {}],
      ['discardOutbox', { ids: ['x'] }],
    ] as const) {
      expect((await deliver(type, data, misoTab)).err?.message, type).toContain('refused');
    }
  });

  test('a request that does not validate is refused before it reaches the outbox', async () => {
    const answer = await deliver('submitSignoffs', { caseIds: [], step: 'SOMETHING', deliverableType: '' });
    expect(answer.err?.message).toContain('caseIds: Select at least one case.');
    expect(answer.err?.message).toContain('step: Invalid option');
    expect(sandbox.nabu.rows).toHaveLength(0);
  });

  test('submit, then the outbox empties once Nabu confirmed the cases', async () => {
    const answer = await deliver('submitSignoffs', {
      caseIds: ['PANX_1_b1_Co_M', 'PANX_2_b1_Co_M'],
      step: 'RELEASE_APPROVAL',
      deliverableType: 'Data Release',
      status: 'PASSED_PROCEED',
      note: 'a+b',
    });
    const submitted = result(SubmitResult).parse(answer.res);
    expect(submitted).toMatchObject({ ok: true, value: { signoffCount: 2, errors: [] } });
    await outbox.flush();
    const view = result(OutboxView).parse((await deliver('getOutbox', undefined)).res);
    expect(view).toMatchObject({ ok: true, value: { entries: [] } });
    expect(sandbox.nabu.rows.map((r) => r.comment)).toEqual(['a+b', 'a+b']);
    expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });

  test('a failed send sets the retry alarm', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/', status: 503 });
    await deliver('submitSignoffs', {
      caseIds: ['PANX_1_b1_Co_M'],
      step: 'RELEASE_APPROVAL',
      deliverableType: 'Data Release',
      status: 'PASSED_PROCEED',
    });
    await outbox.flush();
    const alarm = await fakeBrowser.alarms.get(OUTBOX_ALARM);
    const [entry] = (
      result(OutboxView).parse((await deliver('getOutbox', undefined)).res) as { ok: true; value: OutboxView }
    ).value.entries;
    expect(alarm?.scheduledTime).toBe(Date.parse(entry.nextAttemptAt!));
  });
});
