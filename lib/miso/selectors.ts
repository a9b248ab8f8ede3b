// Every selector Bao uses on MISO pages (miso.md §3.2–3.7), with fixture match counts checked in
// tests/unit/pages/selectors.test.ts.

export const misoSelectors = {
  /** The saved run's id (hidden input; empty on an unsaved run). */
  runIdInput: ['input#runForm_id'],
  /** Always present on saved runs, even without run-libraries; the overlay goes first in it. */
  aliquotsSection: ['div#aliquots'],
  /** The Run-Library Metrics table. */
  metricsTable: ['table#metricsTable'],
  currentUser: ['#loggedInBanner #currentUser', 'b#currentUser'],
} as const;

export type MisoSelector = keyof typeof misoSelectors;

export function queryMiso(root: ParentNode, name: MisoSelector): Element | null {
  for (const selector of misoSelectors[name]) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}
