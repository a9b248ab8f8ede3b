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

/** The twin of each selector: how many elements it matches on each fixture page (tests/fixtures). */
export const misoSelectorCounts: Record<MisoSelector, ReadonlyArray<readonly [count: number, fixture: string]>> = {
  runIdInput: [[1, 'miso/run-page'], [0, 'miso/metrics-page']],
  aliquotsSection: [[1, 'miso/run-page'], [0, 'miso/metrics-page']],
  metricsTable: [[0, 'miso/run-page'], [1, 'miso/metrics-page']],
  currentUser: [[1, 'miso/run-page'], [1, 'miso/metrics-page']],
};

export function queryMiso(root: ParentNode, name: MisoSelector): Element | null {
  for (const selector of misoSelectors[name]) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}
