// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { adfToWiki, wikiToAdf } from '../../../lib/jira/client-adf';
import { ALLOWED_STATUS_PAIRS } from '../../../lib/nabu/statuses';
import { runNameFromSummary } from '../../../lib/qc/ticket-text';
import { adfToText, textToAdf } from '../../../sandbox/jira/adf';
import { dimsumTicketSummary } from '../../../sandbox/jira/dimsum-ticket';
import { applySignoffToCase, type EtlRow } from '../../../sandbox/nabu/etl';

// The stand-ins write Jira's ADF, Dimsum's ticket summary and Cardea's ETL mapping with code of their
// own, so Bao cannot pass by agreeing with itself. These check that the two sides, written apart,
// agree on everything Bao relies on.

const TICKET_TEXTS = [
  'One line',
  'A first line\nand a second one in the same paragraph',
  'A paragraph\n\nThen another, with a [link|https://dimsum.example.org/runs/R1] in it',
  'Libraries pending QC:\n\n* LIB_0001 (lane 1)\n* LIB_0002 (lane 2, [MISO|https://miso.example.org/l/2])\n\nInternal use: <R1A0Q2D0>',
];

describe("the sandbox's ADF and Bao's Jira client", () => {
  it.each(TICKET_TEXTS)('read each other: %j', (text) => {
    expect(adfToWiki(textToAdf(text)!)).toBe(text);
    expect(adfToText(wikiToAdf(text))).toBe(text);
  });
});

describe("the sandbox's Dimsum ticket summary", () => {
  it('is one Bao reads the run name back from', () => {
    expect(runNameFromSummary(dimsumTicketSummary('260101_A00001_0001_BHXXXXDSX3'))).toBe(
      '260101_A00001_0001_BHXXXXDSX3',
    );
  });
});

describe("the sandbox's Cardea ETL", () => {
  const caseData = (): CaseDataInput =>
    ({
      assaysById: {},
      timestamp: '2026-01-10T12:00:00Z',
      cases: [{ id: 'R1_CASE', deliverables: [{ deliverableCategory: 'Clinical Report', releases: [] }] } as never],
    }) as CaseDataInput;
  const row = (signoffStepName: string, qcPassed: boolean | null, release: boolean | null): EtlRow => ({
    caseIdentifier: 'R1_CASE',
    username: 'tess',
    qcPassed,
    release,
    signoffStepName,
    deliverableType: 'Clinical Report',
    deliverable: signoffStepName === 'RELEASE' ? 'Full Pipeline' : null,
    comment: null,
    created: '2026-01-11T09:00:00Z',
  });
  const statusAfter = (data: CaseDataInput, step: string) => {
    const d = data.cases[0]!.deliverables![0]!;
    if (step === 'ANALYSIS_REVIEW') return d.analysisReviewQcStatus;
    if (step === 'RELEASE_APPROVAL') return d.releaseApprovalQcStatus;
    return d.releases?.[0]?.qcStatus;
  };

  const pairs = Object.entries(ALLOWED_STATUS_PAIRS).flatMap(([step, list]) => list.map((p) => [step, p] as const));
  it.each(pairs)('maps %s %o to the status Bao expects to read back', (step, pair) => {
    const data = caseData();
    applySignoffToCase(data, row(step, pair.qcPassed, pair.release));
    expect(statusAfter(data, step)).toBe(pair.status === 'PENDING' ? null : pair.status);
  });

  it('leaves the case alone for a pair Bao never sends', () => {
    const data = caseData();
    applySignoffToCase(data, row('ANALYSIS_REVIEW', true, true));
    expect(data.cases[0]!.deliverables![0]!.analysisReviewQcStatus).toBeUndefined();
    expect(data.cases[0]!.deliverables![0]!.latestActivityDate).toBeUndefined();
  });
});
