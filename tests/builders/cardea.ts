import type { z } from 'zod';
import {
  Assay,
  CaseData,
  type CaseDataInput,
  Metric,
  type MetricCategory,
  type MetricSubcategory,
  type RunInput,
  Sample,
  type SampleInput,
} from '../../lib/cardea/schema';
import { CaseRecord } from '../../lib/cardea/records';
import type { AssaysById } from '../../lib/qc/applicability';

// Hand-written Cardea shapes shared by unit and e2e tests: metrics, assays, runs, run-libraries and case records,
// parsed through the real schemas so nulls are filled in the same way as in production. Each builder has sensible
// defaults; a test overrides only the fields it is about.

export type MetricInput = z.input<typeof Metric>;
export type SubcategoryInput = z.input<typeof MetricSubcategory>;
export type LaneInput = NonNullable<RunInput['lanes']>[number];

export function metric(fields: Partial<MetricInput> = {}): Metric {
  return Metric.parse({ name: 'Mean Coverage Deduplicated', thresholdType: 'GE', minimum: 40, units: 'X', ...fields });
}

export function subcategory(metrics: MetricInput[], fields: Partial<SubcategoryInput> = {}): SubcategoryInput {
  return { name: null, sortPriority: null, libraryDesignCode: null, ...fields, metrics };
}

export function assay(id: number, categories: Partial<Record<MetricCategory, SubcategoryInput[]>>): Assay {
  return Assay.parse({ id, name: `Assay ${id}`, metricCategories: categories });
}

export function assaysById(...list: Assay[]): AssaysById {
  return Object.fromEntries(list.map((a) => [String(a.id), a]));
}

export function run(fields: Partial<RunInput> = {}): RunInput {
  return {
    id: 5476,
    name: '230105_A00469_0405_AHXXXXDSX3',
    containerModel: 'S4',
    readLength: 151,
    readLength2: 151,
    completionDate: '2023-01-05',
    lanes: [],
    ...fields,
  };
}

export function lane(laneNumber: number, fields: Partial<LaneInput> = {}): LaneInput {
  return { laneNumber, ...fields };
}

export function sample(fields: Partial<SampleInput> = {}): Sample {
  return Sample.parse({
    id: '5476_1_LDI73620',
    name: 'PROJ_1289_Lv_M_PE_385_WG',
    project: 'PROJ',
    assayIds: [1],
    tissueOrigin: 'Lv',
    tissueType: 'M',
    tissueMaterial: 'Fresh Frozen',
    nucleicAcidType: 'DNA',
    libraryDesignCode: 'WG',
    sequencingLane: '1',
    run: run(),
    ...fields,
  });
}

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
    projects: [
      {
        name: project,
        pipeline: 'Research',
        deliverables: Object.fromEntries(deliverables.map((d) => [d.type, d.releases ?? []])),
      },
    ],
    requisition: {
      id: 1,
      name: spec.requisition ?? `REQ-${project}`,
      stopped: spec.stopped ?? false,
      paused: spec.paused ?? false,
    },
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

export type SequencingCategory = 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';

/** Each run's run-libraries per category, once each, in the order a Cardea document first lists them. */
export function runLibraries(
  caseData: CaseDataInput,
): { runName: string; category: SequencingCategory; samples: Sample[] }[] {
  const byKey = new Map<string, { runName: string; category: SequencingCategory; samples: Map<string, Sample> }>();
  for (const c of CaseData.parse(caseData).cases) {
    for (const t of c.tests) {
      for (const [category, samples] of [
        ['LIBRARY_QUALIFICATION', t.libraryQualifications],
        ['FULL_DEPTH_SEQUENCING', t.fullDepthSequencings],
      ] as const) {
        for (const s of samples) {
          if (!s.run) continue;
          const key = `${s.run.name}|${category}`;
          const entry = byKey.get(key) ?? { runName: s.run.name, category, samples: new Map() };
          byKey.set(key, entry);
          if (!entry.samples.has(s.id)) entry.samples.set(s.id, s);
        }
      }
    }
  }
  return [...byKey.values()].map((e) => ({ ...e, samples: [...e.samples.values()] }));
}
