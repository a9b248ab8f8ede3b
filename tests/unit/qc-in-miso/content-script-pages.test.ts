import { describe, expect, test } from 'vitest';
import { contentScripts } from '../../../lib/content-scripts';
import { isReturnFromLogin, isRunLibraryMetrics } from '../../../lib/miso/pages';

// The pages a QC-in-MISO batch passes through must all get MISO's content script, or a batch stops
// there in silence. Chrome matches a pattern's path against the URL's path and query, `*` matching
// anything, so `/runlibraries/metrics*` must also take MISO's return from its login.

const misoPaths = contentScripts.find((s) => s.id === 'bao-miso')?.paths ?? [];

/** Chrome's rule for the path part of a match pattern. */
function pathMatches(pattern: string, url: URL): boolean {
  const glob = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return glob.test(`${url.pathname}${url.search}`);
}

const covered = (href: string) => misoPaths.some((path) => pathMatches(path, new URL(href)));

describe('MISO pages a QC-in-MISO batch passes through', () => {
  test.each([
    'https://miso.lab.example/mainMenu?baoBatch=3f2a',
    'https://miso.lab.example/mainMenu?baoBatch=3f2a&baoRelogin=1&continue',
    'https://miso.lab.example/login',
    'https://miso.lab.example/login?login_error=1',
    'https://miso.lab.example/runlibraries/metrics',
    'https://miso.lab.example/runlibraries/metrics?continue',
    'https://miso.lab.example/miso/runlibraries/metrics?continue',
  ])('%s gets the content script', (href) => {
    expect(covered(href)).toBe(true);
  });

  test.each([
    'https://miso.lab.example/runs',
    'https://miso.lab.example/library/5',
    'https://miso.lab.example/runlibraries/5-6-7/qc-hierarchy',
  ])('%s does not', (href) => expect(covered(href)).toBe(false));

  test('MISO’s return from its login to the metrics page is recognised as such', () => {
    const back = new URL('https://miso.lab.example/runlibraries/metrics?continue');
    expect(isRunLibraryMetrics.test(back)).toBe(true);
    expect(isReturnFromLogin(back)).toBe(true);
    expect(isReturnFromLogin(new URL('https://miso.lab.example/runlibraries/metrics'))).toBe(false);
  });
});
