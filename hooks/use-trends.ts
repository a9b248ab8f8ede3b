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
