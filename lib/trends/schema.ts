import { z } from 'zod';
import { MetricCategory } from '../cardea/schema';
import { WESTGARD_RULES } from './westgard';

// The shapes of a trend series and its analysis, as the background sends them to an overlay (validated on both
// sides, docs/trends.md).

export const TREND_DEFAULTS = { runs: 30, minHistory: 10 } as const;

/** One run summarised: the median and spread of its run-library values (a run-level metric: its one value). */
export const TrendPoint = z.object({
  runName: z.string(),
  completionDate: z.string().nullable(),
  median: z.number(),
  q1: z.number(),
  q3: z.number(),
  min: z.number(),
  max: z.number(),
  /** How many values the summary is made of. */
  n: z.number().int().positive(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const TrendThreshold = z.object({
  type: z.string(),
  minimum: z.number().nullable(),
  maximum: z.number().nullable(),
});
export type TrendThreshold = z.infer<typeof TrendThreshold>;

export const TrendSeries = z.object({
  runName: z.string(),
  assayId: z.number().int(),
  assayName: z.string(),
  category: MetricCategory,
  metric: z.string(),
  design: z.string(),
  /** The flow cell kind (Cardea's container model), which names the instrument model the runs share. */
  instrumentModel: z.string(),
  /** Values are in these units, already scaled (K, M, B) like the thresholds. */
  units: z.string().nullable(),
  thresholds: z.array(TrendThreshold),
  /** The prior runs, oldest first, at most `limit`. */
  history: z.array(TrendPoint),
  /** This run; null when none of its libraries has a value for the metric. */
  current: TrendPoint.nullable(),
  /** This run's library values (highlighted on the chart). */
  currentValues: z.array(z.number()),
  limit: z.number().int().positive(),
  /** Runs passed over while collecting the history: run QC or data review failed, or no value for the metric. */
  leftOut: z.object({ excluded: z.number().int().nonnegative(), withoutMetric: z.number().int().nonnegative() }),
});
export type TrendSeries = z.infer<typeof TrendSeries>;

export const RuleResult = z.object({
  rule: z.enum(WESTGARD_RULES),
  fires: z.boolean(),
  points: z.array(z.number().int().nonnegative()),
  explanation: z.string(),
});

export const TrendAnalysis = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    mean: z.number(),
    sd: z.number().positive(),
    /** Every rule, on the history followed by this run (indices: history first, this run last). */
    rules: z.array(RuleResult),
  }),
  z.object({ status: z.literal('not-enough-history'), have: z.number().int(), need: z.number().int() }),
  z.object({ status: z.literal('no-current-value') }),
  z.object({ status: z.literal('no-spread'), mean: z.number() }),
]);
export type TrendAnalysis = z.infer<typeof TrendAnalysis>;

/** Which series of a run: a metric column of one table, for one assay and library design. */
export const SeriesKey = z.object({
  category: z.enum(['LIBRARY_QUALIFICATION', 'FULL_DEPTH_SEQUENCING']),
  assayId: z.number().int(),
  design: z.string().min(1).max(50),
  metric: z.string().min(1).max(200),
});
export type SeriesKey = z.infer<typeof SeriesKey>;

export const Trend = z.object({ series: TrendSeries, analysis: TrendAnalysis });
export type Trend = z.infer<typeof Trend>;
