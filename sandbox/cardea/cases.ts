import { ASSAYS } from './assays';
import type { ProjectJson } from './cardea-json';
import { addTests } from './case-tests';
import type { GenerationContext } from './generation-context';
import type { CaseStage, CaseState } from './generation-state';
import type { Donor } from './sample-json';
import { TUMOUR_ORIGINS } from './vocabulary';

interface CaseShape {
  stage: CaseStage;
  stopped?: boolean;
  paused?: boolean;
}

/** The first cases, in order: every sign-off step, and stopped and paused requisitions. */
const LEAD_CASES: readonly CaseShape[] = [
  { stage: 'analysisReview' },
  { stage: 'releaseApproval' },
  { stage: 'release' },
  { stage: 'done' },
  { stage: 'releaseApproval', stopped: true },
  { stage: 'analysisReview', paused: true },
  { stage: 'done', stopped: true },
];

const PROJECT_LIST: ProjectJson[] = [
  {
    name: 'PANX',
    pipeline: 'Clinical',
    deliverables: { 'Clinical Report': ['Clinical Report'], 'Data Release': ['Full Pipeline'] },
  },
  { name: 'HRDX', pipeline: 'Research', deliverables: { 'Data Release': ['Full Pipeline', 'cBioPortal Submission'] } },
  {
    name: 'LIVR',
    pipeline: 'Clinical',
    deliverables: {
      'Clinical Report': ['Clinical Report'],
      'Data Release': ['Full Pipeline', 'cBioPortal Submission'],
    },
  },
  { name: 'CFMX', pipeline: 'Research', deliverables: { 'Data Release': ['Full Pipeline'] } },
  { name: 'OVRN', pipeline: 'Accredited', deliverables: { 'Clinical Report': ['Clinical Report'] } },
  { name: 'GLIO', pipeline: 'Research', deliverables: {} },
];
const PROJECTS = PROJECT_LIST.map((project, i) => [project, [30, 25, 20, 15, 8, 2][i]] as const);
const ASSAY_WEIGHTS = ASSAYS.map((assay, i) => [assay, [35, 20, 15, 15, 15][i] ?? 10] as const);

const STOP_REASONS = ['Patient withdrew consent', 'Insufficient tumour material', 'Requisition cancelled by clinic'];
const PAUSE_REASONS = ['Awaiting additional tissue', 'Consent under review'];

function randomShape(ctx: GenerationContext): CaseShape {
  const rng = ctx.rng;
  return {
    stage: rng.weighted([
      ['analysisReview', 30],
      ['releaseApproval', 15],
      ['release', 15],
      ['done', 40],
    ] as const),
    stopped: rng.chance(0.04),
    paused: rng.chance(0.04),
  };
}

/** The `index`th case with its donor, requisition, receipts and tests; runs and sign-offs come later. */
export function buildCase(ctx: GenerationContext, index: number): CaseState {
  const rng = ctx.rng;
  const assay = index < ASSAYS.length ? ASSAYS[index] : rng.weighted(ASSAY_WEIGHTS);
  const project = index === 0 ? PROJECTS[2][0] : rng.weighted(PROJECTS);
  const shape = index < LEAD_CASES.length ? LEAD_CASES[index] : randomShape(ctx);
  const donorNumber = ctx.donorNumber();
  const donor: Donor = {
    id: ctx.sampleId(),
    name: `${project.name}_${String(donorNumber).padStart(4, '0')}`,
    externalName: `${project.name.toLowerCase()}-ext-${donorNumber}`,
  };
  const origin = rng.pick(TUMOUR_ORIGINS);
  const tumourType = rng.weighted([
    ['P', 6],
    ['M', 3],
    ['X', 1],
  ] as const);
  const tumourMaterial = rng.chance(0.7) ? 'Fresh Frozen' : 'FFPE';
  const timepoint = rng.chance(0.1) ? rng.pick(['T1', 'T2', 'Baseline']) : null;
  const requisitionId = 500 + index * 3 + rng.int(0, 2);
  const caseState: CaseState = {
    json: {
      id: `${donor.name}_${rng.pick(['a', 'b', 'c'])}${rng.int(1, 4)}_${origin}_${tumourType}`,
      assayId: assay.id,
      assayName: assay.name,
      assayDescription: assay.description,
      donor,
      startDate: null,
      projects: [project],
      receipts: [],
      tests: [],
      requisition: {
        id: requisitionId,
        name: `REQ-${requisitionId}`,
        assayIds: [assay.id],
        stopped: shape.stopped ?? false,
        stopReason: shape.stopped ? rng.pick(STOP_REASONS) : null,
        paused: shape.paused ?? false,
        pauseReason: shape.paused ? rng.pick(PAUSE_REASONS) : null,
      },
      qcGroups: [],
      deliverables: [],
      timepoint,
      tissueOrigin: origin,
      tissueType: tumourType,
      latestActivityDate: null,
      caseDaysSpent: 0,
      pauseDays: shape.paused ? rng.int(3, 40) : 0,
      archivingStatus: null,
      archivingDestination: null,
      archivingTtlDays: null,
    },
    assay,
    project,
    tests: [],
    stage: shape.stage,
    earliestRunDay: null,
    latestRunDay: null,
  };
  // The second case has every optional test, so small datasets still show one.
  addTests(ctx, caseState, { origin, type: tumourType, material: tumourMaterial }, index === 1);
  return caseState;
}
