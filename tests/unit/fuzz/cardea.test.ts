// @vitest-environment node
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { DocumentIndexer } from '../../../lib/cardea/ingest';
import type { IndexWriter } from '../../../lib/cardea/records';
import { parseCardeaTimestamp } from '../../../lib/cardea/timestamp';
import { smallDocument } from '../pipeline/document';
import { asJson, expectValueOrFailure, nearValid, outcomeOf, type Path } from './harness';
import { fcOptions } from './seed';

// Cardea's records as the ingest validates them one at a time (a case, an assay, an omitted run-library, the
// timestamp), turned into index records by the same indexer the streaming ingest uses. Whatever Cardea sends,
// each part is a record or an `invalid` Cardea failure naming the part and its field.

const URL = 'https://cardea.lab.org/dimsum';
const nowhere: IndexWriter = {
  write: async () => undefined,
  readRun: async () => undefined,
  finishRuns: async () => undefined,
  commit: async () => undefined,
  abort: async () => undefined,
};
const indexer = () => new DocumentIndexer(nowhere, { url: URL });
/** A value as the ingest's parser hands it over: parsed from JSON text. */
const fromJson = (value: unknown): unknown => JSON.parse(asJson(value) === 'undefined' ? 'null' : asJson(value));

const document = smallDocument();
const parts: [string, unknown, (value: unknown) => void, Path][] = [
  ['a case', document.cases[0], (v) => indexer().case(0, v), ['cases', 0]],
  ['a case on a stopped requisition', document.cases[1], (v) => indexer().case(1, v), ['cases', 1]],
  ['an assay', document.assaysById['2'], (v) => indexer().assay('2', v), ['assaysById', '2']],
  [
    'an omitted run-library',
    document.omittedRunSamples![1],
    (v) => indexer().omittedRunLibrary(1, v),
    ['omittedRunSamples', 1],
  ],
];

describe.each(parts)('%s', (_name, sample, take, at) => {
  test('arbitrary JSON is a record or an invalid Cardea failure', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectValueOrFailure(
          outcomeOf(() => take(value)),
          { system: 'Cardea', path: at, rootMayAnswer: true },
        );
      }),
      fcOptions(150),
    );
  });

  test('one broken field is refused naming that field, or read', () => {
    fc.assert(
      fc.property(nearValid(sample), ({ value, path }) => {
        expectValueOrFailure(
          outcomeOf(() => take(fromJson(value))),
          { system: 'Cardea', path: [...at, ...path] },
        );
      }),
      fcOptions(300),
    );
  });
});

test("Cardea's /timestamp body, whatever it is, is a time, null, or a Cardea failure", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.jsonValue().map(asJson),
        fc.date({ noInvalidDate: true }).map((d) => asJson(d)),
      ),
      (text) => {
        expectValueOrFailure(
          outcomeOf(() => parseCardeaTimestamp(text, `${URL}/timestamp`)),
          { system: 'Cardea' },
        );
      },
    ),
    fcOptions(300),
  );
});

test("the document's own timestamp, broken, is refused naming it", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expectValueOrFailure(
        outcomeOf(() => indexer().timestamp(value)),
        { system: 'Cardea', path: ['timestamp'] },
      );
    }),
    fcOptions(200),
  );
});
