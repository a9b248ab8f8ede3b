import fc from 'fast-check';
import { describe, test } from 'vitest';
import { protocol, type MessageName } from '../../../lib/messages';
import { parseFrom } from '../../../lib/net/failure';
import { expectValueOrFailure, nearValid, outcomeOf } from './harness';
import { fcOptions } from './seed';

// Messages between the extension's parts, validated as `send` and `handle` do (parseFrom, system Bao, the
// message named): a popup, an overlay or a page that sends anything gets a value or a failure naming the field.

const names = Object.keys(protocol) as MessageName[];
const anyValue = fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withMap: true, withDate: true });

describe.each(names)('%s', (name) => {
  test('any request and any reply are a value or a Bao failure naming the message', () => {
    const { request, response } = protocol[name];
    fc.assert(
      fc.property(anyValue, anyValue, (ask, answer) => {
        expectValueOrFailure(
          outcomeOf(() => parseFrom('Bao', `message ${name}`, request, ask)),
          { system: 'Bao' },
        );
        expectValueOrFailure(
          outcomeOf(() => parseFrom('Bao', `reply to ${name}`, response, answer)),
          { system: 'Bao' },
        );
      }),
      fcOptions(15),
    );
  });
});

const requests: [MessageName, unknown][] = [
  ['getRunData', { runName: '230105_A00469_0405_AHXXXXDSX3' }],
  ['getTrendWarnings', { runNames: ['230105_A00469_0405_AHXXXXDSX3', '230106_A00469_0406_BHXXXXDSX3'] }],
  ['misoBatchDelivered', { runLibraryIds: ['5476_1_LDI73620', '5476_2_LDI80001'] }],
  ['misoBatchRejected', { message: 'Invalid request data' }],
  ['takeMisoBatch', { batchId: 'b-1234' }],
  ['retryOutbox', { ids: ['o-1', 'o-2'] }],
  ['discardOutbox', { ids: ['o-1'] }],
  ['saveSecrets', { nabuApiKey: 'bao-0123456789abcdef', jiraToken: 't', jiraEmail: 'qc@lab.org' }],
];

test.each(requests)('%s: a request with one broken field is refused naming it, or read', (name, sample) => {
  fc.assert(
    fc.property(nearValid(sample), ({ value, path }) => {
      expectValueOrFailure(
        outcomeOf(() => parseFrom('Bao', `message ${name}`, protocol[name].request, value)),
        { system: 'Bao', path },
      );
    }),
    fcOptions(80),
  );
});
