import { detector } from '../page-detect';

// MISO page detectors. MISO dropped its `/miso/` prefix in 2.23 and redirects old links, so both
// forms are recognised.

const RUN_BY_ID = /^(?:\/miso)?\/run\/(\d+)\/?$/;
const RUN_BY_ALIAS = /^(?:\/miso)?\/run\/alias\/([^/]+)\/?$/;

export function runRefFromUrl(url: URL): { id: number } | { alias: string } | undefined {
  const id = RUN_BY_ID.exec(url.pathname)?.[1];
  if (id) return { id: Number(id) };
  const alias = RUN_BY_ALIAS.exec(url.pathname)?.[1];
  return alias ? { alias: decodeURIComponent(alias) } : undefined;
}

/** The Edit Run page, by id or alias. */
export const isRunPage = detector(
  'miso-run-page',
  [
    'https://miso.lab.example/run/5476',
    'https://miso.lab.example/miso/run/5476',
    'https://miso.lab.example/run/alias/221222_A00469_0405_AHYGHJDSX3',
    'http://localhost:7102/run/alias/210805_M00753_0369_000000000-G8WYC',
  ],
  (url) => runRefFromUrl(url) !== undefined,
);

/** The page "QC in MISO" opens (reached by a form POST). */
export const isRunLibraryMetrics = detector(
  'miso-run-library-metrics',
  ['https://miso.lab.example/runlibraries/metrics', 'https://miso.lab.example/miso/runlibraries/metrics'],
  (url) => /^(?:\/miso)?\/runlibraries\/metrics\/?$/.test(url.pathname),
);

/**
 * MISO sends the user back to the request its login interrupted with a `continue` parameter. For a
 * QC-in-MISO POST that is a GET of the metrics page, which MISO answers with a 405 error page: the
 * form's data is gone, and Bao has to send it again.
 */
export const isReturnFromLogin = (url: URL = new URL(location.href)): boolean => url.searchParams.has('continue');

/** MISO's landing page; Bao opens it to submit a QC-in-MISO batch from MISO's own origin. */
export const isMainMenu = detector(
  'miso-main-menu',
  ['https://miso.lab.example/mainMenu', 'http://localhost:7102/mainMenu?baoBatch=3f2a'],
  (url) => /^(?:\/miso)?\/mainMenu\/?$/.test(url.pathname),
);

export const isMisoLogin = detector(
  'miso-login',
  ['https://miso.lab.example/login', 'https://miso.lab.example/login?login_error=1'],
  (url) => /^(?:\/miso)?\/login\/?$/.test(url.pathname),
);

export const misoDetectors = [isRunPage, isRunLibraryMetrics, isMainMenu, isMisoLogin];

/** MISO's Edit Run page for a run, where run-level sign-offs are made (docs/qc-in-miso.md#misos-run-page). */
export function misoRunUrl(misoUrl: string, runName: string): string {
  return `${misoUrl.replace(/\/+$/, '')}/run/alias/${encodeURIComponent(runName)}`;
}

const ITEM_PAGES: Record<string, string> = { SAM: 'sample', LIB: 'library', LDI: 'libraryaliquot' };

/**
 * MISO's page for a Cardea id (docs/qc-rules.md#name-column): a run-library id `{runId}_{lane}_LDI{n}` goes to the
 * library aliquot, `SAM{n}` and `LIB{n}` to the sample and library; null for other ids or without MISO.
 */
export function misoItemUrl(misoUrl: string, id: string): string | null {
  const match = /(SAM|LIB|LDI)(\d+)$/.exec(id);
  if (!misoUrl || !match) return null;
  return `${misoUrl.replace(/\/+$/, '')}/${ITEM_PAGES[match[1]!]}/${match[2]}`;
}

/** The query parameter that tells a MISO tab which QC-in-MISO batch to submit. */
export const BATCH_PARAM = 'baoBatch';
/** Marks the detour through MISO's login, so a session check that keeps failing cannot loop. */
export const RELOGIN_PARAM = 'baoRelogin';

/** The MISO page a QC-in-MISO batch is submitted from (MISO's own origin, so its session cookie goes along). */
export function misoBatchUrl(misoUrl: string, batchId: string, relogin = false): string {
  const url = new URL(`${misoUrl.replace(/\/+$/, '')}/mainMenu`);
  url.searchParams.set(BATCH_PARAM, batchId);
  if (relogin) url.searchParams.set(RELOGIN_PARAM, '1');
  return url.href;
}
