import type { MetricCategory, ThresholdType } from '../../lib/cardea/schema';

// Hand-written assays in Cardea's camelCase shape (docs/qc-rules.md#metric-categories, docs/qc-rules.md#cardeas-document). Between them they carry every
// category, threshold type and applicability variant the QC engine has to handle (docs/qc-rules.md#applicability, docs/qc-rules.md#value-source, docs/qc-rules.md#threshold-types, docs/qc-rules.md#cell-outcome, docs/qc-rules.md#run-level-metrics).

export interface MetricDefinition {
  name: string;
  sortPriority: number | null;
  minimum: number | null;
  maximum: number | null;
  units: string | null;
  tissueMaterial: string | null;
  tissueOrigin: string | null;
  tissueType: string | null;
  negateTissueType: boolean;
  nucleicAcidType: string | null;
  containerModel: string | null;
  readLength: number | null;
  readLength2: number | null;
  thresholdType: ThresholdType;
}

export interface SubcategoryDefinition {
  name: string | null;
  sortPriority: number | null;
  libraryDesignCode: string | null;
  metrics: MetricDefinition[];
}

export interface AssayTargets {
  caseDays: number;
  receiptDays: number;
  extractionDays: number;
  libraryPreparationDays: number;
  libraryQualificationDays: number;
  fullDepthSequencingDays: number;
  analysisReviewDays: number;
  releaseApprovalDays: number;
  releaseDays: number;
}

export interface AssayDefinition {
  id: number;
  name: string;
  description: string | null;
  version: string | null;
  metricCategories: Partial<Record<MetricCategory, SubcategoryDefinition[]>>;
  targets: AssayTargets;
}

/** Cardea's spelling uses the Greek mu (U+03BC), not the micro sign (U+00B5). */
export const NG_PER_UL = 'ng/\u03bcL';
const UL = '\u03bcL';

export const CONTAINER = {
  miSeqNano: 'PE-Nano MiSeq Flow Cell',
  miSeqMicro: 'PE-Micro MiSeq Flow Cell',
  nextSeqHigh: 'NextSeq High Output Flow Cell',
  s1: 'S1',
  sp: 'SP',
  s2: 'S2',
  s4: 'S4',
  x10b: '10B',
  x25b: '25B',
} as const;

/** The four names Dimsum treats as run metrics (docs/qc-rules.md#applicability): a subcategory made only of these needs a run. */
export const RUN_METRIC_NAMES: readonly string[] = [
  'Bases Over Q30',
  'Min Clusters (PF)',
  'Min Reads Delivered (PF)',
  'PhiX Control',
];

type Variant = Partial<Omit<MetricDefinition, 'name' | 'sortPriority' | 'thresholdType'>>;

function metric(
  name: string,
  sortPriority: number | null,
  thresholdType: ThresholdType,
  variant: Variant,
): MetricDefinition {
  return {
    name,
    sortPriority,
    minimum: null,
    maximum: null,
    units: null,
    tissueMaterial: null,
    tissueOrigin: null,
    tissueType: null,
    negateTissueType: false,
    nucleicAcidType: null,
    containerModel: null,
    readLength: null,
    readLength2: null,
    thresholdType,
    ...variant,
  };
}

const gt = (name: string, sp: number | null, minimum: number, units: string | null = null, v: Variant = {}) =>
  metric(name, sp, 'GT', { minimum, units, ...v });
const ge = (name: string, sp: number | null, minimum: number, units: string | null = null, v: Variant = {}) =>
  metric(name, sp, 'GE', { minimum, units, ...v });
const lt = (name: string, sp: number | null, maximum: number, units: string | null = null, v: Variant = {}) =>
  metric(name, sp, 'LT', { maximum, units, ...v });
const le = (name: string, sp: number | null, maximum: number, units: string | null = null, v: Variant = {}) =>
  metric(name, sp, 'LE', { maximum, units, ...v });
const between = (
  name: string,
  sp: number | null,
  minimum: number,
  maximum: number,
  units: string | null = null,
  v: Variant = {},
) => metric(name, sp, 'BETWEEN', { minimum, maximum, units, ...v });
const check = (name: string, sp: number | null, v: Variant = {}) => metric(name, sp, 'BOOLEAN', v);

function sub(
  name: string | null,
  sortPriority: number | null,
  libraryDesignCode: string | null,
  metrics: MetricDefinition[],
): SubcategoryDefinition {
  return { name, sortPriority, libraryDesignCode, metrics };
}

const receiptChecks = [
  check('Container intact', 10),
  check('Receipt temperature appropriate', 20),
  check('Labelled correctly', 30),
];

/** NovaSeq 6000 run metrics: per-lane yield by flow cell, Q30 by read length (150 matches 2×151 runs). */
const novaSeqRun = (sortPriority: number | null) =>
  sub('NovaSeq (SAV, MISO)', sortPriority, null, [
    gt('Bases Over Q30', 10, 75, '%', { readLength: 150, readLength2: 150 }),
    gt('Bases Over Q30', 10, 80, '%', { readLength: 100, readLength2: 100 }),
    ge('Min Reads Delivered (PF)', 20, 0.52, 'B/lane', { containerModel: CONTAINER.s1 }),
    ge('Min Reads Delivered (PF)', 20, 0.26, 'B/lane', { containerModel: CONTAINER.sp }),
    ge('Min Reads Delivered (PF)', 20, 1.32, 'B/lane', { containerModel: CONTAINER.s2 }),
    ge('Min Reads Delivered (PF)', 20, 1.6, 'B/lane', { containerModel: CONTAINER.s4 }),
    gt('PhiX Control', 30, 0.1, '%'),
  ]);

const novaSeqXRun = (sortPriority: number | null) =>
  sub('NovaSeq X (SAV, MISO)', sortPriority, null, [
    ge('Bases Over Q30', 10, 85, '%', { containerModel: CONTAINER.x25b }),
    ge('Min Clusters (PF)', 20, 1.2, 'B/lane', { containerModel: CONTAINER.x10b }),
    ge('Min Clusters (PF)', 20, 3, 'B/lane', { containerModel: CONTAINER.x25b }),
    between('PhiX Control', 30, 0.1, 5, '%'),
  ]);

/** Small-run metrics: MiSeq yields are per lane (K/lane, and MiSeq has one lane); NextSeq's is per run (M). */
const smallRun = (name: string | null, sortPriority: number | null) =>
  sub(name, sortPriority, null, [
    gt('Bases Over Q30', 10, 80, '%'),
    gt('Min Clusters (PF)', 20, 500, 'K/lane', { containerModel: CONTAINER.miSeqNano }),
    gt('Min Clusters (PF)', 20, 2000, 'K/lane', { containerModel: CONTAINER.miSeqMicro }),
    ge('Min Clusters (PF)', 20, 300, 'M', { containerModel: CONTAINER.nextSeqHigh }),
    gt('PhiX Control', 30, 0.1, '%'),
  ]);

const wgts: AssayDefinition = {
  id: 3,
  name: 'WGTS - 80XT/30XN',
  description: 'Whole Genome and Transcriptome Sequencing (WGTS) - 80X Tumour, 30X Normal',
  version: '2.0',
  metricCategories: {
    RECEIPT: [
      sub(null, 0, null, [
        ...receiptChecks,
        ge('Appropriate volume', 40, 12, UL, { nucleicAcidType: 'DNA' }),
        check('Marked H+E included if macrodissection is requested', 50),
      ]),
    ],
    EXTRACTION: [
      sub('Fluorometric Quantification (Qubit or Plate Reader)', 10, null, [
        ge('Yield', 10, 200, 'ng', { tissueMaterial: 'Blood', nucleicAcidType: 'DNA' }),
        ge('Yield', 20, 50, 'ng', { tissueMaterial: 'Fresh Frozen', nucleicAcidType: 'DNA' }),
        ge('Yield', 30, 100, 'ng', { tissueMaterial: 'FFPE', nucleicAcidType: 'DNA' }),
        ge('Yield', 40, 60, 'ng', { tissueMaterial: 'Fresh Frozen', nucleicAcidType: 'RNA' }),
        ge('Yield', 50, 220, 'ng', { tissueMaterial: 'FFPE', nucleicAcidType: 'RNA' }),
      ]),
      sub(null, 0, null, [check('Extraction proceeds to completion', 10), ge('Appropriate volume', 20, 11, UL)]),
    ],
    LIBRARY_PREP: [
      sub('WG Library QC (Qubit, TS, FA)', 10, 'WG', [
        ge('Concentration (Qubit)', 10, 0.8, NG_PER_UL),
        ge('Concentration (Qubit)', 10, 4, 'nM'),
        between('Avg Size Distribution (TS, FA)', 20, 300, 700, 'bp'),
        lt('Adaptor Contamination (TS, FA); Area under curve between lower size marker and 170bp', 30, 10, '%'),
        between('Adaptor Contamination (TS, FA); Adapter peak', 40, 130, 140, 'bp'),
      ]),
      sub('WT Library QC (Qubit, TS, FA)', 20, 'WT', [
        check('DV200 (Total RNA) (TS, FA); values logged', 10),
        ge('Concentration (Qubit)', 20, 0.7, NG_PER_UL),
        ge('Concentration (Qubit)', 20, 4, 'nM'),
        between('Avg Size Distribution (TS, FA)', 30, 250, 500, 'bp'),
      ]),
    ],
    LIBRARY_QUALIFICATION: [
      smallRun('MiSeq Nano Flow Cell (SAV, MISO)', 10),
      sub('WG MiSeq Sequencing (Dashi Single Lane Analysis)', 20, 'WG', [
        gt('Mean Insert Size', 10, 150, 'bp'),
        le('Duplication Rate', 20, 50, '%'),
        gt('Clusters Per Sample', 30, 10000),
      ]),
      sub('WT MiSeq Sequencing (Dashi Single Lane Analysis)', 30, 'WT', [
        gt('Mean Insert Size', 10, 150),
        gt('Clusters Per Sample', 20, 10000),
        lt('rRNA Contamination', 30, 35),
      ]),
    ],
    FULL_DEPTH_SEQUENCING: [
      novaSeqRun(10),
      novaSeqXRun(15),
      sub('WG NovaSeq Sequencing (Dashi Call Ready Analysis)', 20, 'WG', [
        ge('Mean Coverage Deduplicated', 10, 80, 'X', { tissueType: 'R', negateTissueType: true }),
        ge('Mean Coverage Deduplicated', 10, 30, 'X', { tissueType: 'R' }),
        gt('Mean Insert Size', 20, 150, 'bp'),
        le('Duplication Rate', 30, 50, '%'),
        check('Sample Authenticated', 40),
      ]),
      sub('WT NovaSeq Sequencing (Dashi Call Ready Analysis)', 30, 'WT', [
        gt('Clusters Per Sample', 10, 80, 'M'),
        lt('rRNA Contamination', 20, 35, '%'),
        gt('Mapped to Coding', 30, 5, '%'),
        gt('Mean Insert Size', 40, 150, 'bp'),
      ]),
    ],
    ANALYSIS_REVIEW: [
      sub('WG Analysis Review', 1, 'WG', [
        ge('Callability (exonic space); bases above 30X', 10, 75, '%', { tissueType: 'R', negateTissueType: true }),
        ge('Inferred Tumour Purity', 20, 30, '%', { tissueType: 'R', negateTissueType: true }),
        gt('Trimming; minimum base quality Q', 30, 20),
      ]),
      sub('WT Analysis Review', 2, 'WT', [check('Fusion calls reviewed', 10)]),
    ],
  },
  targets: {
    caseDays: 45,
    receiptDays: 2,
    extractionDays: 3,
    libraryPreparationDays: 3,
    libraryQualificationDays: 4,
    fullDepthSequencingDays: 7,
    analysisReviewDays: 2,
    releaseApprovalDays: 3,
    releaseDays: 3,
  },
};

const exome: AssayDefinition = {
  id: 5,
  name: 'Exome + Panel - 150XT/80XN',
  description: 'Whole exome sequencing with an optional targeted panel',
  version: '1.3',
  metricCategories: {
    RECEIPT: [sub(null, null, null, [receiptChecks[0], receiptChecks[2]])],
    EXTRACTION: [
      sub(null, null, null, [
        check('Extraction proceeds to completion', 10),
        ge('Yield', 20, 50, 'ng', { nucleicAcidType: 'DNA' }),
      ]),
    ],
    LIBRARY_PREP: [
      sub('EX Library QC (Qubit, TS)', 10, 'EX', [
        ge('Concentration (Qubit)', 10, 1, NG_PER_UL),
        between('Avg Size Distribution (TS, FA)', 20, 250, 450, 'bp'),
      ]),
      sub('TS Library QC (qPCR)', 20, 'TS', [
        ge('Quantitative PCR (qPCR)', 10, 2, 'nM'),
        ge('Concentration (Qubit)', 20, 2, 'nM'),
      ]),
    ],
    LIBRARY_QUALIFICATION: [
      smallRun('Small Run (SAV, MISO)', 0),
      sub('EX Single Lane (Dashi)', 5, 'EX', [
        ge('On Target Reads', 10, 60, '%'),
        lt('Duplication Rate', 20, 30, '%'),
        gt('Clusters Per Sample', 30, 10, 'K'),
      ]),
      sub('TS Single Lane (Dashi)', 6, 'TS', [
        gt('On Target Reads', 10, 40, '%'),
        ge('Assigned Reads', 20, 50, '%'),
        gt('Clusters Per Sample', 30, 5, 'K'),
      ]),
    ],
    FULL_DEPTH_SEQUENCING: [
      novaSeqRun(null),
      novaSeqXRun(null),
      sub('EX Call Ready (Dashi)', 20, 'EX', [
        ge('Mean Coverage Deduplicated', 10, 150, 'X', { tissueType: 'R', negateTissueType: true }),
        ge('Mean Coverage Deduplicated', 10, 80, 'X', { tissueType: 'R' }),
        ge('Coverage (Raw)', 20, 100, 'X'),
        ge('On Target Reads', 30, 60, '%'),
        le('Duplication Rate', 40, 40, '%'),
      ]),
      sub('TS Call Ready (Dashi)', 30, 'TS', [
        ge('Mean Coverage Deduplicated', 10, 500, 'X'),
        ge('Coverage (Raw)', 20, 1000, 'X'),
        gt('On Target Reads', 30, 40, '%'),
        check('Sample Authenticated', 40),
      ]),
    ],
    ANALYSIS_REVIEW: [
      sub('EX Analysis Review', null, 'EX', [
        ge('Inferred Tumour Purity', 10, 20, '%', { tissueType: 'R', negateTissueType: true }),
      ]),
    ],
  },
  targets: {
    caseDays: 35,
    receiptDays: 2,
    extractionDays: 3,
    libraryPreparationDays: 4,
    libraryQualificationDays: 4,
    fullDepthSequencingDays: 6,
    analysisReviewDays: 2,
    releaseApprovalDays: 2,
    releaseDays: 2,
  },
};

const transcriptome: AssayDefinition = {
  id: 7,
  name: 'Transcriptome - 80M',
  description: 'RNA-seq only (whole transcriptome), 80M reads',
  version: '1.0',
  metricCategories: {
    RECEIPT: [sub(null, 0, null, [receiptChecks[0], ge('Appropriate volume', 20, 12, UL, { nucleicAcidType: 'RNA' })])],
    EXTRACTION: [
      sub('RNA Extraction', 10, null, [
        ge('Yield', 10, 220, 'ng', { tissueMaterial: 'FFPE', nucleicAcidType: 'RNA' }),
        ge('Yield', 10, 60, 'ng', { tissueMaterial: 'Fresh Frozen', nucleicAcidType: 'RNA' }),
        between('DV200', 20, 30, 100, '%'),
      ]),
    ],
    LIBRARY_PREP: [
      sub('WT Library QC (Qubit, TS, FA)', 10, 'WT', [
        ge('Concentration (Qubit)', 10, 0.7, NG_PER_UL),
        ge('Concentration (Qubit)', 10, 4, 'nM'),
        between('Avg Size Distribution (TS, FA)', 20, 250, 500, 'bp'),
        lt('AUC between lower size marker and 170bp (FA)', 30, 10, '%'),
      ]),
    ],
    LIBRARY_QUALIFICATION: [
      smallRun(null, null),
      sub('WT MiSeq Sequencing (Dashi Single Lane Analysis)', 30, 'WT', [
        gt('Clusters Per Sample', 10, 10, 'K'),
        lt('rRNA Contamination', 20, 35, '%'),
        gt('Mean Insert Size', 30, 150, 'bp'),
      ]),
    ],
    FULL_DEPTH_SEQUENCING: [
      novaSeqRun(10),
      sub('WT Call Ready (Dashi)', 20, 'WT', [
        ge('Clusters Per Sample', 10, 80, 'M'),
        lt('rRNA Contamination', 20, 35, '%'),
        gt('Mapped to Coding', 30, 5, '%'),
        ge('Median Insert Size', 40, 120, 'bp'),
      ]),
    ],
    ANALYSIS_REVIEW: [sub('WT Analysis Review', 0, 'WT', [check('Fusion calls reviewed', 10)])],
  },
  targets: {
    caseDays: 28,
    receiptDays: 2,
    extractionDays: 2,
    libraryPreparationDays: 3,
    libraryQualificationDays: 3,
    fullDepthSequencingDays: 5,
    analysisReviewDays: 2,
    releaseApprovalDays: 2,
    releaseDays: 2,
  },
};

const cfmedip: AssayDefinition = {
  id: 9,
  name: 'cfMeDIP + sWGS',
  description: 'Cell-free methylated DNA immunoprecipitation with shallow whole genome sequencing',
  version: '1.1',
  metricCategories: {
    RECEIPT: [sub(null, 0, null, [receiptChecks[0], receiptChecks[1], ge('Appropriate volume', 30, 2000, UL)])],
    EXTRACTION: [sub('cfDNA Extraction', 10, null, [ge('Yield', 10, 5, 'ng', { tissueMaterial: 'Plasma' })])],
    LIBRARY_PREP: [
      sub('CM Library QC', 10, 'CM', [
        ge('Concentration (Qubit)', 10, 0.5, NG_PER_UL),
        ge('AUC between 160bp and 350bp (FA)', 20, 70, '%'),
      ]),
      sub('SW Library QC', 20, 'SW', [ge('Concentration (Qubit)', 10, 1, NG_PER_UL)]),
    ],
    LIBRARY_QUALIFICATION: [
      smallRun('NextSeq / MiSeq (SAV, MISO)', 10),
      sub('CM Single Lane (Dashi)', 20, 'CM', [
        le('Lambda Methylation', 10, 5, '%'),
        ge('pUC19 Methylation', 20, 90, '%'),
        gt('Relative CpG Frequency in Regions vs Reference', 30, 10),
      ]),
      sub('SW Single Lane (Dashi)', 30, 'SW', [
        gt('Clusters Per Sample', 10, 1, 'M'),
        le('Duplication Rate', 20, 20, '%'),
      ]),
    ],
    FULL_DEPTH_SEQUENCING: [
      novaSeqRun(10),
      sub('CM Call Ready (Dashi)', 20, 'CM', [
        le('Lambda Methylation', 10, 5, '%'),
        ge('Lambda Clusters', 15, 1000),
        ge('pUC19 Methylation', 20, 90, '%'),
        ge('Relative CpG Frequency in Regions vs Reference', 30, 15),
        between('Methylation Beta', 40, 0.5, 0.95),
        ge('PE Reads', 50, 40, 'M'),
        lt('Adaptor Contamination', 60, 5, '%'),
      ]),
      sub('SW Call Ready (Dashi)', 30, 'SW', [
        ge('Coverage (Raw)', 10, 0.5, 'X'),
        ge('Collapsed Coverage', 20, 0.3, 'X'),
        between('Mean Insert Size', 30, 150, 200, 'bp'),
      ]),
    ],
    ANALYSIS_REVIEW: [sub('CM Analysis Review', 10, 'CM', [check('Methylation profile reviewed', 10)])],
  },
  targets: {
    caseDays: 30,
    receiptDays: 1,
    extractionDays: 2,
    libraryPreparationDays: 3,
    libraryQualificationDays: 3,
    fullDepthSequencingDays: 5,
    analysisReviewDays: 3,
    releaseApprovalDays: 2,
    releaseDays: 2,
  },
};

const pcrFree: AssayDefinition = {
  id: 11,
  name: 'WGS PCR-free - 40X',
  description: 'PCR-free whole genome sequencing on NovaSeq X, no library qualification',
  version: '1.0',
  metricCategories: {
    RECEIPT: [sub(null, null, null, [receiptChecks[0]])],
    EXTRACTION: [sub(null, 10, null, [ge('Yield', 10, 500, 'ng', { nucleicAcidType: 'DNA' })])],
    LIBRARY_PREP: [
      sub('PG Library QC', 10, 'PG', [
        ge('Concentration (Qubit)', 10, 2, 'nM'),
        between('Avg Size Distribution (TS, FA)', 20, 400, 650, 'bp'),
      ]),
    ],
    FULL_DEPTH_SEQUENCING: [
      novaSeqXRun(0),
      novaSeqRun(5),
      sub('PG Call Ready (Dashi)', 20, 'PG', [
        ge('Mean Coverage Deduplicated', 10, 40, 'X'),
        lt('Duplication Rate', 20, 10, '%'),
        between('Mean Insert Size', 30, 300, 600, 'bp'),
        check('Sample Authenticated', 40),
      ]),
    ],
  },
  targets: {
    caseDays: 21,
    receiptDays: 1,
    extractionDays: 2,
    libraryPreparationDays: 2,
    libraryQualificationDays: 0,
    fullDepthSequencingDays: 5,
    analysisReviewDays: 2,
    releaseApprovalDays: 2,
    releaseDays: 2,
  },
};

export const ASSAYS: readonly AssayDefinition[] = [wgts, exome, transcriptome, cfmedip, pcrFree];

/** What a case of each assay sequences. `optional` tests are added to some cases only. */
export interface TestPlan {
  name: string;
  role: 'normal' | 'tumour' | 'plasma';
  design: 'WG' | 'WT' | 'EX' | 'TS' | 'CM' | 'SW' | 'PG';
  nucleicAcidType: 'DNA' | 'RNA';
  libraryQualificationSkipped: boolean;
  targetedSequencing: string | null;
  optional?: boolean;
}

const plan = (
  name: string,
  role: TestPlan['role'],
  design: TestPlan['design'],
  extra: Partial<TestPlan> = {},
): TestPlan => ({
  name,
  role,
  design,
  nucleicAcidType: design === 'WT' ? 'RNA' : 'DNA',
  libraryQualificationSkipped: false,
  targetedSequencing: null,
  ...extra,
});

export const TEST_PLANS: Readonly<Record<number, readonly TestPlan[]>> = {
  [wgts.id]: [plan('Normal WG', 'normal', 'WG'), plan('Tumour WG', 'tumour', 'WG'), plan('Tumour WT', 'tumour', 'WT')],
  [exome.id]: [
    plan('Normal EX', 'normal', 'EX', { targetedSequencing: 'Exome v8' }),
    plan('Tumour EX', 'tumour', 'EX', { targetedSequencing: 'Exome v8' }),
    plan('Tumour TS', 'tumour', 'TS', { targetedSequencing: 'Pan-Cancer Panel v3', optional: true }),
  ],
  [transcriptome.id]: [plan('Tumour WT', 'tumour', 'WT')],
  [cfmedip.id]: [plan('Plasma CM', 'plasma', 'CM'), plan('Plasma SW', 'plasma', 'SW')],
  [pcrFree.id]: [
    plan('Normal PG', 'normal', 'PG', { libraryQualificationSkipped: true }),
    plan('Tumour PG', 'tumour', 'PG', { libraryQualificationSkipped: true }),
  ],
};
