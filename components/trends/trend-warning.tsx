import type { TrendWarnings } from '../../lib/messages/protocol';
import { TREND_CSS } from './trend-css';
import { TREND_MARK } from './trend-types';

/** The run header's trend line: which metrics' Westgard rules fire. Advisory, in its own mark and colour. */
export function TrendWarningItem({ warnings }: { warnings: TrendWarnings | null }) {
  if (!warnings || warnings.warnings.length === 0) return null;
  return (
    <div class="bao-summary__item">
      <style>{TREND_CSS}</style>
      <dt>Trends</dt>
      <dd class="bao-trend-warning" data-bao="trend-warning" data-count={String(warnings.warnings.length)}>
        <span class="bao-trend-warning__mark" aria-hidden="true">
          {TREND_MARK}
        </span>{' '}
        Unusual against this instrument model’s recent runs (advisory):
        <ul>
          {warnings.warnings.map((w) => (
            <li key={`${w.category}|${w.assayId}|${w.design}|${w.metric}`}>
              {w.metric} ({w.assayName}, {w.design}): {w.rules.join(', ')}
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}
