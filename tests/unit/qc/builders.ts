import type { z } from 'zod';
import {
  Assay,
  Metric,
  type MetricCategory,
  type MetricSubcategory,
  type RunInput,
  Sample,
  type SampleInput,
} from '../../../lib/cardea/schema';
import type { AssaysById } from '../../../lib/qc/applicability';

// Hand-written Cardea shapes for the QC engine tests, parsed through the real schemas so nulls are filled in the
// same way as in production.

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
