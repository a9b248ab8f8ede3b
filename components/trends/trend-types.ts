import type { Result } from '../../lib/messages/define';
import type { TrendWarnings } from '../../lib/messages/protocol';
import type { SeriesKey, Trend } from '../../lib/trends/schema';

/** What the run overlay gets for trends (hooks/use-trends.ts): the run's warnings and a series loader. */
export interface TrendsSource {
  /** null until the background answers (or when it cannot). */
  warnings: TrendWarnings | null;
  load: (key: SeriesKey) => Promise<Result<Trend | null>>;
}

/** Trend marks and colours are their own: a trend is advisory and must not read as a threshold failure. */
export const TREND_MARK = '◆';
