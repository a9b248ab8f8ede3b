import type { Metric, Sample } from '../cardea/schema';

/** What the shading of a metric cell means (docs/qc-rules.md#cell-outcome): white, red, yellow, grey. */
export type Outcome = 'pass' | 'fail' | 'unavailable' | 'na';

export type CellReason =
  /** na: the sample has no assay. */
  | 'no-assay'
  /** na: no metric of the assays applies to this sample. */
  | 'no-applicable-metric'
  /** pass / fail: the value compared against every applicable metric. */
  | 'threshold-met'
  | 'threshold-failed'
  /** pass / fail / unavailable: a BOOLEAN-only column follows the library's qcPassed. */
  | 'qc-passed'
  | 'qc-failed'
  | 'pending-boolean'
  /** pass / fail / unavailable: "Sample Authenticated" follows its own sample metric's qcPassed. */
  | 'authenticated'
  | 'not-authenticated'
  | 'pending-authentication'
  /** pass: a column Dimsum never shades (attachments, manual checks). */
  | 'never-highlighted'
  /** unavailable: */
  | 'preliminary'
  | 'null-value'
  | 'sequencing-in-progress'
  | 'missing-lane-data';

/** Font Awesome glyph names, as Dimsum uses them; colour never carries meaning alone. */
export type CellIcon =
  | 'check'
  | 'xmark'
  | 'magnifying-glass'
  | 'hourglass-half'
  | 'triangle-exclamation'
  | 'pen-to-square'
  | 'question'
  | 'pen-ruler';

export interface LaneDetail {
  laneNumber: number;
  /** e.g. `L1 R1: 92.1; R2: 90.3` (Q30), `L2: 1,200.5K` (clusters), `L1: R1: 0.43; R2: 0.41` (PhiX). */
  text: string;
  /** The lane's own shading when the rule checks lanes one by one (clusters per lane, PhiX); otherwise null. */
  outcome: Outcome | null;
}

export interface CellEvaluation {
  column: string;
  outcome: Outcome;
  reason: CellReason;
  /** The cell text (docs/qc-rules.md#value-formatting), without units. */
  display: string;
  icon: CellIcon | null;
  /** The display links to the library in MISO ("See attachment in MISO"). */
  link: 'miso-attachment' | null;
  preliminary: boolean;
  /** The raw value that was judged (unscaled), for plots; null when there is none. */
  value: number | null;
  /** The applicable metrics, for tooltips and plots. */
  thresholds: Metric[];
  tooltip: string[];
  /** Per-lane detail for run-level metrics; empty otherwise. */
  lanes: LaneDetail[];
  /** Where Bao shows this cell differently from Dimsum on purpose, in words for the tooltip (docs/departures.md). */
  departures: string[];
}

export type CellText = Pick<CellEvaluation, 'display' | 'icon'> & {
  reason: 'null-value' | 'sequencing-in-progress';
};

/** docs/qc-rules.md#value-formatting "Null value": the text for a library metric that has no value yet. */
export function missingValueText(sample: Sample): CellText {
  const run = sample.run;
  if (!run) return { display: 'Not Found', icon: 'question', reason: 'null-value' };
  if (sample.analysisSkipped)
    return { display: 'Analysis Skipped', icon: 'triangle-exclamation', reason: 'null-value' };
  if (run.completionDate) return { display: 'Pending analysis', icon: 'hourglass-half', reason: 'null-value' };
  return { display: 'Sequencing in progress', icon: 'pen-to-square', reason: 'sequencing-in-progress' };
}

/** docs/qc-rules.md#run-level-metrics: the text for a run-level metric without a value: only "Sequencing in progress" or "Not Found". */
export function missingRunValueText(sample: Sample): CellText {
  if (sample.run && !sample.run.completionDate) {
    return { display: 'Sequencing in progress', icon: 'pen-to-square', reason: 'sequencing-in-progress' };
  }
  return { display: 'Not Found', icon: 'question', reason: 'null-value' };
}

type CellFields = Partial<CellEvaluation> & Pick<CellEvaluation, 'outcome' | 'reason' | 'display'>;

export function cell(column: string, fields: CellFields): CellEvaluation {
  return {
    column,
    icon: null,
    link: null,
    preliminary: false,
    value: null,
    thresholds: [],
    tooltip: [],
    lanes: [],
    departures: [],
    ...fields,
  };
}
