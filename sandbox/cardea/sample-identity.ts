import type { CaseState, TestState } from './generation-state';
import type { SampleJson } from './sample-json';

export interface Tissue {
  origin: string;
  type: string;
  material: string;
}

export const BLOOD: Tissue = { origin: 'Ly', type: 'R', material: 'Blood' };
export const PLASMA: Tissue = { origin: 'Pb', type: 'T', material: 'Plasma' };

/** `Ly_R`: how sample names and group ids spell a tissue. */
export const tissueKey = (tissue: Tissue) => `${tissue.origin}_${tissue.type}`;

export function identifyCase(sample: SampleJson, c: CaseState): void {
  sample.requisitionId = c.json.requisition.id;
  sample.requisitionName = c.json.requisition.name;
  sample.assayIds = [c.assay.id];
  sample.donor = c.json.donor;
  sample.timepoint = c.json.timepoint;
}

export function describeTissue(sample: SampleJson, tissue: Tissue): void {
  sample.tissueOrigin = tissue.origin;
  sample.tissueType = tissue.type;
  sample.tissueMaterial = tissue.material;
}

/** What a library made for `test` is, shared by its preparation and every run-library of it. */
export function describeLibrary(sample: SampleJson, test: TestState): void {
  sample.tissueOrigin = test.json.tissueOrigin;
  sample.tissueType = test.json.tissueType;
  sample.tissueMaterial = test.material;
  sample.groupId = test.json.groupId;
  sample.nucleicAcidType = test.plan.nucleicAcidType;
  sample.libraryDesignCode = test.plan.design;
  sample.targetedSequencing = test.plan.targetedSequencing;
}
