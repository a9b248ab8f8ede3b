// @vitest-environment node
import fc from 'fast-check';
import { afterEach, expect, test, vi } from 'vitest';
import { createNabuClient } from '../../../lib/nabu/client';
import { nabuErrorDetail } from '../../../lib/nabu/schema';
import { FetchError } from '../../../lib/net/failure';
import { nabuRow } from '../../builders/nabu';
import { answering, asJson, asyncOutcomeOf, expectValueOrFailure, nearValid } from './harness';
import { fcOptions } from './seed';

// Nabu's answers as the client reads them: sign-off rows (a 200 with a list) and error bodies (its own
// `{errors: […]}`, Express's string, an HTML page, nothing). Every answer is rows or a Nabu failure.

const NABU = 'https://nabu.lab.org';
const client = () => createNabuClient({ baseUrl: NABU, apiKey: 'bao-0123456789abcdef' });

afterEach(() => vi.unstubAllGlobals());

const rows = [
  nabuRow({ caseIdentifier: 'R11_TEST_1000_Xy_Z', comment: 'ok ✓ 50% + more' }),
  nabuRow({
    caseIdentifier: 'R11_TEST_1000_Xy_Z',
    signoffStepName: 'ANALYSIS_REVIEW',
    release: null,
    deliverable: 'WGTS',
  }),
];

test('any JSON as the sign-off list is rows or an invalid Nabu failure', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (body) => {
      vi.stubGlobal('fetch', answering(200, asJson(body)));
      expectValueOrFailure(await asyncOutcomeOf(() => client().allSignoffs()), { system: 'Nabu' });
    }),
    fcOptions(150),
  );
});

test('a row with one broken field is refused naming the row and field, or read', async () => {
  await fc.assert(
    fc.asyncProperty(nearValid(rows), async ({ value, path }) => {
      vi.stubGlobal('fetch', answering(200, asJson(value)));
      const outcome = await asyncOutcomeOf(() => client().signoffsFor('R11_TEST_1000_Xy_Z'));
      expectValueOrFailure(outcome, { system: 'Nabu', path });
    }),
    fcOptions(250),
  );
});

const errorBodies = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.jsonValue().map(asJson),
  fc.record({ errors: fc.oneof(fc.array(fc.string()), fc.string(), fc.jsonValue()) }).map(asJson),
  fc.constantFrom('<html><body>Bad Gateway</body></html>', '', '{"errors":["undefined : caseIdentifier is required"]}'),
);

test('any error body, at any error status, is a Nabu failure with a readable detail', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(400, 401, 404, 409, 429, 500, 502, 503), errorBodies, async (status, body) => {
      vi.stubGlobal('fetch', answering(status, body, body.startsWith('<') ? 'text/html' : 'application/json'));
      const outcome = await asyncOutcomeOf(() => client().allSignoffs());
      expect('error' in outcome && outcome.error instanceof FetchError).toBe(true);
      expectValueOrFailure(outcome, { system: 'Nabu', kinds: ['http', 'server', 'unauthorized', 'rate-limited'] });
      const { detail } = (outcome as { error: FetchError }).error.failure;
      if (detail !== undefined) expect(typeof detail).toBe('string');
      expect(nabuErrorDetail(body) ?? '').not.toMatch(/^undefined : /);
    }),
    fcOptions(200),
  );
});
