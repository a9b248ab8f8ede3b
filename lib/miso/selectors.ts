// Every selector Bao uses on MISO pages (docs/qc-in-miso.md#reading-misos-run-page), with fixture match counts checked in
// tests/unit/pages/selectors.test.ts.

export const misoSelectors = {
  /** The saved run's id (hidden input; empty on an unsaved run). */
  runIdInput: ['input#runForm_id'],
  /** Always present on saved runs, even without run-libraries; the overlay goes first in it. */
  aliquotsSection: ['div#aliquots'],
  /** The Run-Library Metrics table. */
  metricsTable: ['table#metricsTable'],
  currentUser: ['#loggedInBanner #currentUser', 'b#currentUser'],
  /** MISO's handled-error page (handledError.jsp): its title. The page has no `h1`. */
  errorTitle: ['p.errorTitle'],
  /** MISO's handled-error page: the message, e.g. "Invalid request data". */
  errorMessage: ['div#flasherror'],
  /** login.jsp's form (a QC-in-MISO notice goes right above it). */
  loginForm: ['form#loginForm', 'form[action$="/login"]'],
} as const;

export type MisoSelector = keyof typeof misoSelectors;

/** The twin of each selector: how many elements it matches on each fixture page (tests/fixtures). */
export const misoSelectorCounts: Record<MisoSelector, ReadonlyArray<readonly [count: number, fixture: string]>> = {
  runIdInput: [
    [1, 'miso/run-page'],
    [0, 'miso/metrics-page'],
    [0, 'miso/error-page'],
    [0, 'miso/login-page'],
  ],
  aliquotsSection: [
    [1, 'miso/run-page'],
    [0, 'miso/metrics-page'],
    [0, 'miso/error-page'],
    [0, 'miso/login-page'],
  ],
  metricsTable: [
    [0, 'miso/run-page'],
    [1, 'miso/metrics-page'],
    [0, 'miso/error-page'],
    [0, 'miso/login-page'],
  ],
  currentUser: [
    [1, 'miso/run-page'],
    [1, 'miso/metrics-page'],
    [1, 'miso/error-page'],
    [0, 'miso/login-page'],
  ],
  errorTitle: [
    [0, 'miso/run-page'],
    [0, 'miso/metrics-page'],
    [1, 'miso/error-page'],
    [0, 'miso/login-page'],
  ],
  errorMessage: [
    [0, 'miso/run-page'],
    [0, 'miso/metrics-page'],
    [1, 'miso/error-page'],
    [0, 'miso/login-page'],
  ],
  loginForm: [
    [0, 'miso/run-page'],
    [0, 'miso/metrics-page'],
    [0, 'miso/error-page'],
    [1, 'miso/login-page'],
  ],
};

export function queryMiso(root: ParentNode, name: MisoSelector): Element | null {
  for (const selector of misoSelectors[name]) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}
