import { adfToWiki, wikiToAdf } from '../../lib/jira/client-adf';
import { AdfDocument } from '../../lib/jira/schema';

// Jira Cloud's v3 API speaks Atlassian Document Format. The sandbox stores wiki text and converts
// at the edge with the same mapping Bao's Jira client uses (paragraphs, hard breaks, `* ` bullets,
// `[text|url]` links), so both sides agree on what survives the round trip.

export const AdfDoc = AdfDocument;
export type AdfDoc = AdfDocument;

export function textToAdf(text: string | null): AdfDoc | null {
  return text === null ? null : wikiToAdf(text);
}

export function adfToText(doc: AdfDoc): string {
  return adfToWiki(doc);
}
