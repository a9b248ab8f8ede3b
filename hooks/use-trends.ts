import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TrendsSource } from '../components/trends/trend-types';
import { sendResult } from '../lib/messages';
import type { TrendWarnings } from '../lib/messages/protocol';
import type { SeriesKey } from '../lib/trends/schema';

// The run overlay's trends: the run's trend warnings for its header, and a loader the trend view calls for one
// metric column's series. Both come from the background's index (docs/trends.md); a failure only hides the warning.

export function useTrends(runName: string, asOf: string | null): TrendsSource {
  const [warnings, setWarnings] = useState<TrendWarnings | null>(null);
  useEffect(() => {
    let live = true;
    sendResult('getTrendWarnings', { runNames: [runName] })
      .then((answer) => {
        if (!live) return;
        if (answer.ok) setWarnings(answer.value.find((w) => w.runName === runName) ?? null);
        else console.warn('[bao:trends] no trend warnings', answer.failure);
      })
      .catch((error: unknown) => console.warn('[bao:trends] no trend warnings', error));
    return () => {
      live = false;
    };
  }, [runName, asOf]);
  const load = useCallback((key: SeriesKey) => sendResult('getTrend', { runName, key }), [runName]);
  return { warnings, load };
}

/** The popup's Runs view: which of the listed runs have a trend warning; null until the background answers. */
export function useTrendWarned(runNames: readonly string[] | null): ReadonlySet<string> | null {
  const [warned, setWarned] = useState<ReadonlySet<string> | null>(null);
  const key = runNames?.join('\n') ?? '';
  useEffect(() => {
    if (!runNames || runNames.length === 0) return;
    let live = true;
    sendResult('getTrendWarnings', { runNames: runNames.slice(0, 500) })
      .then((answer) => {
        if (!live) return;
        if (answer.ok) setWarned(new Set(answer.value.filter((w) => w.warnings.length > 0).map((w) => w.runName)));
        else console.warn('[bao:trends] no trend warnings', answer.failure);
      })
      .catch((error: unknown) => console.warn('[bao:trends] no trend warnings', error));
    return () => {
      live = false;
    };
    // The names' content, not the array's identity.
  }, [key]);
  return warned;
}
