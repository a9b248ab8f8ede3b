import type { CaseDataInput, CaseInput, RunInput, SampleInput } from '../../lib/cardea/schema';
import { dayDate } from './days';

// The trend demonstration (docs/trends.md): two instruments sequencing one made-up whole-genome assay, every run
// signed off and every library passing its insert-size threshold. One NovaSeq S4 stays steady; one NovaSeq S2 creeps
// down by half a base pair a run over its last ten runs, always above the threshold. Only the S2's latest run is
// unusual enough for a Westgard rule (10-x: ten runs in a row under the mean); no earlier run and no S4 run is.
// Added after the seeded generation, so the rest of the document is the same with or without it.

export const TREND_ASSAY_ID = 900;
const DESIGN = 'WG';
const LIBRARIES_PER_RUN = 3;

/** Medians of the steady runs: a fixed zigzag around 350 bp, never two runs in a row on the same side. */
const STEADY = Array.from({ length: 20 }, (_, i) => 350 + (i % 2 ? 3 : -3) + ((i * 7) % 3) - 1);
/** The S2's last ten runs, creeping down. */
const DRIFT = Array.from({ length: 10 }, (_, i) => 349 - i * 0.5);

export interface TrendInstrument {
  serial: string;
  container: string;
  medians: readonly number[];
}

export const TREND_INSTRUMENTS: readonly TrendInstrument[] = [
  { serial: 'A00469', container: 'S4', medians: STEADY },
  { serial: 'A00953', container: 'S2', medians: [...STEADY, ...DRIFT] },
];

const clone = <T>(value: T): T => structuredClone(value);

function templateOf(data: CaseDataInput): { c: CaseInput; sample: SampleInput } {
  for (const c of data.cases) {
    for (const test of c.tests ?? []) {
      const sample = test.fullDepthSequencings?.find((s) => s.run);
      if (sample) return { c, sample };
    }
  }
  throw new Error('trend drift: the generated document has no full-depth run-library to copy');
}

const signedOff = (day: number) => ({
  qcPassed: true,
  qcUser: 'tess',
  qcDate: dayDate(day),
  dataReviewPassed: true,
  dataReviewUser: 'rae',
  dataReviewDate: dayDate(day),
});

function runFor(template: RunInput, instrument: TrendInstrument, index: number, id: number): RunInput {
  const completion = 40 + (instrument.medians.length - index) * 2;
  const date = dayDate(completion).replace(/-/g, '').slice(2);
  return {
    ...clone(template),
    id,
    name: `${date}_${instrument.serial}_${String(800 + index).padStart(4, '0')}_BTREND${instrument.container}${index}`,
    containerModel: instrument.container,
    startDate: dayDate(completion + 1),
    completionDate: dayDate(completion),
    ...signedOff(completion - 1),
  };
}

/** Appends the two instruments' runs (one case each) and their assay to a generated document. */
export function addTrendDrift(data: CaseDataInput): CaseDataInput {
  const { c: caseTemplate, sample: sampleTemplate } = templateOf(data);
  const runTemplate = sampleTemplate.run!;
  const test = clone(caseTemplate.tests!.find((t) => t.fullDepthSequencings?.includes(sampleTemplate))!);
  let runId = 90_000;
  let aliquot = 990_000;
  const cases = TREND_INSTRUMENTS.map((instrument, n): CaseInput => {
    const samples = instrument.medians.flatMap((median, index) => {
      const run = runFor(runTemplate, instrument, index, runId++);
      return Array.from({ length: LIBRARIES_PER_RUN }, (_, k): SampleInput => {
        const id = aliquot++;
        return {
          ...clone(sampleTemplate),
          id: `${run.id}_1_LDI${id}`,
          name: `TRND_${String(id).slice(-4)}_Ly_R_PE_350_WG`,
          assayIds: [TREND_ASSAY_ID],
          libraryDesignCode: DESIGN,
          run,
          sequencingLane: '1',
          meanInsertSize: median + (k - 1) * 5,
          metrics: [],
          analysisSkipped: false,
          latestActivityDate: run.completionDate,
          ...signedOff(40),
        };
      });
    });
    return {
      ...clone(caseTemplate),
      id: `R_TREND_${n + 1}`,
      assayId: TREND_ASSAY_ID,
      assayName: 'Trend demo WG',
      assayDescription: 'Whole genome, for the trend demonstration',
      tests: [
        {
          ...test,
          name: `Normal WG ${instrument.serial}`,
          libraryDesignCode: DESIGN,
          extractions: [],
          libraryPreparations: [],
          libraryQualifications: [],
          fullDepthSequencings: samples,
        },
      ],
    };
  });
  const metric = {
    name: 'Mean Insert Size',
    sortPriority: 1,
    minimum: 150,
    maximum: null,
    units: 'bp',
    tissueMaterial: null,
    tissueOrigin: null,
    tissueType: null,
    negateTissueType: false,
    nucleicAcidType: null,
    containerModel: null,
    readLength: null,
    readLength2: null,
    thresholdType: 'GE' as const,
  };
  return {
    ...data,
    assaysById: {
      ...data.assaysById,
      [String(TREND_ASSAY_ID)]: {
        id: TREND_ASSAY_ID,
        name: 'Trend demo WG',
        description: 'Whole genome, for the trend demonstration',
        version: '1.0',
        metricCategories: {
          FULL_DEPTH_SEQUENCING: [
            { name: 'Sequencing', sortPriority: 1, libraryDesignCode: DESIGN, metrics: [metric] },
          ],
        },
      },
    },
    cases: [...data.cases, ...cases],
  };
}
