import { CaseRecord } from '../../../lib/cardea/records';
import type { NabuSignoff } from '../../../lib/nabu/schema';

/** A deliverable type with its releases, all pending unless given. */
export interface DeliverableSpec {
  type: string;
  releases?: string[];
  analysisReview?: string | null;
  releaseApproval?: string | null;
  releaseStatuses?: Record<string, string | null>;
  analysisReviewSkipped?: boolean;
}

export interface CaseSpec {
  id: string;
  project?: string;
  assay?: string;
  requisition?: string;
  stopped?: boolean;
  paused?: boolean;
  missingEarlierSignoffs?: boolean;
  latestActivityDate?: string | null;
  deliverables?: DeliverableSpec[];
}

/** A case record as the index stores it, from a short description. */
export function caseRecord(spec: CaseSpec): CaseRecord {
  const project = spec.project ?? spec.id.split('_')[0];
  const deliverables = spec.deliverables ?? [{ type: 'Data Release', releases: ['Full Pipeline'] }];
  return CaseRecord.parse({
    id: spec.id,
    assayName: spec.assay ?? 'WGTS - 40XT/30XN',
    donor: { id: `SAM${spec.id.length}`, name: spec.id.split('_').slice(0, 2).join('_'), externalName: null },
    projects: [{ name: project, pipeline: 'Research', deliverables: Object.fromEntries(deliverables.map((d) => [d.type, d.releases ?? []])) }],
    requisition: { id: 1, name: spec.requisition ?? `REQ-${project}`, stopped: spec.stopped ?? false, paused: spec.paused ?? false },
    deliverables: deliverables.map((d) => ({
      deliverableCategory: d.type,
      analysisReviewSkipped: d.analysisReviewSkipped ?? false,
      analysisReviewQcStatus: d.analysisReview ?? null,
      releaseApprovalQcStatus: d.releaseApproval ?? null,
      releases: (d.releases ?? []).map((name) => ({ deliverable: name, qcStatus: d.releaseStatuses?.[name] ?? null })),
    })),
    latestActivityDate: spec.latestActivityDate ?? null,
    missingEarlierSignoffs: spec.missingEarlierSignoffs ?? false,
  });
}

let nextRowId = 1000;

/** A Nabu row as the GET endpoints return it. */
export function nabuRow(overrides: Partial<NabuSignoff> & Pick<NabuSignoff, 'caseIdentifier'>): NabuSignoff {
  const created = overrides.created ?? '2026-11-24T10:00:00.000Z';
  return {
    id: nextRowId++,
    created,
    modified: created.replace(/\.\d{3}Z$/, '.000Z'),
    username: 'Tess Ter',
    qcPassed: true,
    release: true,
    signoffStepName: 'RELEASE_APPROVAL',
    deliverableType: 'Data Release',
    deliverable: null,
    comment: null,
    ...overrides,
  };
}
