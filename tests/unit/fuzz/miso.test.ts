import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonArgumentAfter } from '../../../lib/miso/inline-json';
import { readMetricsPage } from '../../../lib/miso/read-metrics-page';
import { readRunPage } from '../../../lib/miso/read-run-page';
import { asJson, expectUnpolluted, nearValid, outcomeOf } from './harness';
import { fcOptions } from './seed';

// MISO's pages as the content scripts read them: the JSON MISO writes into inline script calls, replaced by
// anything (broken JSON, other shapes, one broken field). A reader answers a reading or "not yet" (undefined);
// it never throws into the content script, which would take the overlay down with it.

/** Without MISO's stylesheet and script files, which happy-dom would try to fetch. */
const parse = (html: string) =>
  new DOMParser().parseFromString(html.replace(/<link [^>]*>|<script src="[^"]*"><\/script>/g, ''), 'text/html');

const pages = [
  ['the run page', 'tests/fixtures/miso/run-page.html', "FormUtils.createForm('runForm'", '{', readRunPage],
  [
    'the Run-Library Metrics page',
    'tests/fixtures/miso/metrics-page.html',
    'RunLibraryMetrics.buildTable(',
    '[',
    readMetricsPage,
  ],
] as const;

describe.each(pages)('%s', (_name, file, marker, opener, read) => {
  const html = readFileSync(file, 'utf8');
  const json = jsonArgumentAfter(html, marker, opener);
  if (!json) throw new Error(`${file} has no ${marker}`);
  const sample: unknown = JSON.parse(json);
  const withArgument = (text: string) => html.replace(json, () => text);

  test('the fixture reads as it is', () => {
    expect(read(parse(html))).toBeDefined();
  });

  test('any text, any JSON or one broken field as its inline JSON: a reading or undefined, never a throw', () => {
    const argument = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map(asJson),
      nearValid(sample).map(({ value }) => asJson(value)),
      fc.integer({ min: 0, max: json.length }).map((cut) => json.slice(0, cut)),
    );
    fc.assert(
      fc.property(argument, (text) => {
        const outcome = outcomeOf(() => read(parse(withArgument(text))));
        if ('error' in outcome) throw outcome.error;
        expectUnpolluted(undefined); // a reading holds page elements; only the global prototype is checked
      }),
      fcOptions(25),
    );
  });
});

test('the inline-JSON scanner ends on any text and returns a balanced slice that starts at the marker', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ' ', 'M('), maxLength: 400 }),
      fc.nat({ max: 3 }),
      (tail, skip) => {
        const source = `x M(${tail}`;
        const found = jsonArgumentAfter(source, 'M(', '{', skip);
        if (found !== undefined) {
          expect(source).toContain(found);
          expect(found.startsWith('{')).toBe(true);
          expect(['}', ']']).toContain(found.at(-1));
        }
      },
    ),
    fcOptions(500),
  );
});
