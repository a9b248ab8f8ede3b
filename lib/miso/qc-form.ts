import type { MetricsRequest } from './schema';

// Submitting "QC in MISO" from inside a MISO tab (docs/qc-in-miso.md#what-is-sent,
// docs/qc-in-miso.md#miso-sessions; docs/architecture.md#qc-in-miso-from-a-miso-tab): a plain same-origin
// form POST, so MISO's session cookie goes along. The cookie has no SameSite attribute, which browsers treat
// as Lax: a cross-site POST loses it (Chromium lets it through only in the first two minutes after login). A
// POST that meets an expired session ends at MISO's login and comes back as a GET without its data, so the
// session is checked first.

export type MisoSession = 'alive' | 'expired' | 'unknown';

/** Firefox runs content-script fetches as the extension unless `content.fetch` is used. */
function pageFetch(): typeof fetch {
  const content = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  return content?.fetch?.bind(content) ?? fetch.bind(globalThis);
}

const LOGIN_PATH = /\/login\/?$/;

/**
 * Asks MISO for `/constants.js` (INTERNAL only) and says whether the session still stands. Without one
 * MISO answers 302 → `/login`, which the fetch follows. `X-Requested-With` keeps Spring from saving
 * this request as the page to return to after login; `no-store` skips the 15-minute cached copy.
 */
export async function checkMisoSession(misoUrl: string, fetchImpl: typeof fetch = pageFetch()): Promise<MisoSession> {
  try {
    const response = await fetchImpl(`${misoUrl}/constants.js`, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (response.status === 401 || response.status === 403) return 'expired';
    if (response.url && LOGIN_PATH.test(new URL(response.url).pathname)) return 'expired';
    return response.ok ? 'alive' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The hidden form MISO's Run-Library Metrics page expects: POST `{misoUrl}/runlibraries/metrics`
 * with one field `data` holding the request as JSON text. Built with DOM APIs only.
 */
export function metricsForm(doc: Document, misoUrl: string, request: MetricsRequest): HTMLFormElement {
  const form = doc.createElement('form');
  form.method = 'POST';
  form.action = `${misoUrl}/runlibraries/metrics`;
  form.hidden = true;
  form.setAttribute('data-bao', 'qc-in-miso-form');
  const input = doc.createElement('input');
  input.type = 'hidden';
  input.name = 'data';
  input.value = JSON.stringify(request);
  form.append(input);
  return form;
}

/** Submits in this tab (no `target`), so the page that answers replaces this one. */
export function submitMetricsForm(doc: Document, misoUrl: string, request: MetricsRequest): void {
  const form = metricsForm(doc, misoUrl, request);
  if (new URL(form.action, doc.baseURI).origin !== new URL(doc.URL).origin) {
    throw new Error(`Bao submits QC in MISO only from a page of ${misoUrl}`);
  }
  doc.body.append(form);
  form.submit();
}
