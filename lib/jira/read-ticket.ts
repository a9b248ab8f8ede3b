import { issueKeyFromUrl } from './pages';
import { queryAllJira, queryJira, type JiraSelector } from './selectors';

export interface TicketOnPage {
  flavour: 'datacenter' | 'cloud';
  key: string;
  summary: string;
  /** The labels shown on the page; undefined when the page does not show the Labels field. */
  labels: string[] | undefined;
  /** Where an overlay goes: first in DC's issue body (full width); after Cloud's summary heading. */
  anchor: Element;
  append: 'first' | 'after';
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function labelsShown(doc: Document, field: JiraSelector, label: JiraSelector): string[] | undefined {
  if (!queryJira(doc, field)) return undefined;
  return queryAllJira(doc, label)
    .map(text)
    .filter((l) => l !== '');
}

/**
 * Reads the visible issue. Undefined until the page shows the issue the URL names: after Cloud's
 * single-page navigation the old issue stays on screen for a moment, and must not be read.
 */
export function readTicket(doc: Document, url: URL): TicketOnPage | undefined {
  const wanted = issueKeyFromUrl(url);
  const dcKey = doc.querySelector<HTMLMetaElement>('meta[name="ajs-issue-key"]')?.content;
  const dcSummary = queryJira(doc, 'dcSummary');
  const dcAnchor = queryJira(doc, 'dcOverlayAnchor');
  if (dcKey && dcSummary && dcAnchor && (!wanted || wanted === dcKey)) {
    const labels = labelsShown(doc, 'dcLabelsField', 'dcLabel');
    return { flavour: 'datacenter', key: dcKey, summary: text(dcSummary), labels, anchor: dcAnchor, append: 'first' };
  }
  const cloudKey = text(queryJira(doc, 'cloudIssueKey'));
  const cloudSummary = queryJira(doc, 'cloudSummary');
  if (cloudKey && cloudSummary && (!wanted || wanted === cloudKey)) {
    const labels = labelsShown(doc, 'cloudLabelsField', 'cloudLabel');
    return {
      flavour: 'cloud',
      key: cloudKey,
      summary: text(cloudSummary),
      labels,
      anchor: cloudSummary,
      append: 'after',
    };
  }
  return undefined;
}

/** `221222_A00469_0405_AHYGHJDSX3 Dimsum Run QC` → the run name; undefined for other tickets. */
export function runNameFromSummary(summary: string, suffix: string): string | undefined {
  if (!suffix || !summary.endsWith(suffix)) return undefined;
  const name = summary.slice(0, -suffix.length).trim();
  return name && !/\s/.test(name) ? name : undefined;
}
