import { TEST_PLANS, type TestPlan } from './assays';
import type { GenerationContext } from './generation-context';
import type { CaseState, TestState } from './generation-state';
import { round2 } from './metric-rules';
import { blankSample, type SampleJson } from './sample-json';
import { BLOOD, describeTissue, identifyCase, PLASMA, tissueKey, type Tissue } from './sample-identity';
import { fillCategory } from './sample-metrics';

const tissueFor = (plan: TestPlan, tumour: Tissue) =>
  plan.role === 'normal' ? BLOOD : plan.role === 'plasma' ? PLASMA : tumour;

/** A case's tests from its assay's plan, each with an extraction, a receipt per tissue and a QC group. */
export function addTests(ctx: GenerationContext, c: CaseState, tumour: Tissue, allOptional: boolean): void {
  const rng = ctx.rng;
  const { assay, json } = c;
  const donor = json.donor;
  const receipts = new Map<string, SampleJson>();
  for (const plan of TEST_PLANS[assay.id]) {
    if (plan.optional && !allOptional && !rng.chance(0.3)) continue;
    const tissue = tissueFor(plan, tumour);
    const key = tissueKey(tissue);
    let receipt = receipts.get(key);
    if (!receipt) {
      receipt = nonRunSample(ctx, c, `${donor.name}_${key}_nn_1-1`, tissue, null);
      fillCategory(rng, receipt, assay, 'RECEIPT', null);
      receipts.set(key, receipt);
      json.receipts.push(receipt);
    }
    const groupId = `${donor.externalName}_${key}`;
    const extraction = nonRunSample(
      ctx,
      c,
      `${donor.name}_${key}_nn_1-1_${plan.nucleicAcidType === 'RNA' ? 'R' : 'D'}_S1`,
      tissue,
      plan.nucleicAcidType,
    );
    extraction.groupId = groupId;
    extraction.concentrationUnits = 'NANOGRAMS_PER_MICROLITRE';
    fillCategory(rng, extraction, assay, 'EXTRACTION', null);
    const test: TestState = {
      json: {
        name: plan.name,
        tissueOrigin: tissue.origin,
        tissueType: tissue.type,
        timepoint: plan.role === 'tumour' ? json.timepoint : null,
        groupId,
        libraryDesignCode: plan.design,
        libraryQualificationDesignCode: plan.libraryQualificationSkipped ? null : plan.design,
        targetedSequencing: plan.targetedSequencing,
        extractionSkipped: false,
        libraryPreparationSkipped: false,
        libraryQualificationSkipped: plan.libraryQualificationSkipped,
        extractions: [extraction],
        libraryPreparations: [],
        libraryQualifications: [],
        fullDepthSequencings: [],
        latestActivityDate: null,
        libraryQualificationDaysSpent: 0,
        fullDepthSequencingDaysSpent: 0,
      },
      plan,
      owner: c,
      material: tissue.material,
      libraries: [],
      current: null,
      extraction,
      latestRunDay: null,
    };
    c.tests.push(test);
    json.tests.push(test.json);
    json.qcGroups.push({
      tissueOrigin: tissue.origin,
      tissueType: tissue.type,
      libraryDesignCode: plan.design,
      groupId,
      purity: plan.role === 'tumour' ? round2(rng.float(20, 90)) : null,
      collapsedCoverage: null,
      callability: plan.design === 'WG' || plan.design === 'EX' ? round2(rng.float(70, 95)) : null,
    });
  }
}

function nonRunSample(
  ctx: GenerationContext,
  c: CaseState,
  name: string,
  tissue: Tissue,
  nucleicAcidType: string | null,
): SampleJson {
  const sample = blankSample(ctx.sampleId(), name, c.project.name);
  identifyCase(sample, c);
  describeTissue(sample, tissue);
  sample.nucleicAcidType = nucleicAcidType;
  sample.metrics = [];
  return sample;
}
