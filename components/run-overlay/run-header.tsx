import { misoRunLink, type RunHeader } from '../../lib/run-table/run-table-model';
import { formatDateTime } from '../popup/format';
import { statusGlyph } from '../glyphs';
import type { TrendWarnings } from '../../lib/messages/protocol';
import { TrendWarningItem } from '../trends/trend-warning';

export interface RunHeaderProps {
  header: RunHeader;
  /** MISO's address from the settings; '' when MISO is not configured. */
  misoUrl: string;
  /** On MISO's Edit Run page the sign-off link would point at the page itself. */
  onMisoRunPage: boolean;
  cached: boolean;
  /** The run's trend warnings; null while unknown (or without trends). */
  trendWarnings?: TrendWarnings | null;
}

/** Dimsum's run summary (docs/qc-rules.md#run-page): QC, flow cell, parameters, and where the run sign-offs are made. */
export function RunHeaderSummary({ header, misoUrl, onMisoRunPage, cached, trendWarnings = null }: RunHeaderProps) {
  // MISO's Edit Run page, where run QC and data review are set.
  const misoRunUrl = misoRunLink(misoUrl, header.runName);
  return (
    <dl class="bao-summary" data-bao="run-header">
      <div class="bao-summary__item">
        <dt>QC</dt>
        <dd class={`bao-shade--${header.status.shade}`} data-run-status={header.status.key}>
          <span class="bao-mark" aria-hidden="true">
            {statusGlyph(header.status)}
          </span>{' '}
          {header.status.label}
        </dd>
      </div>
      <div class="bao-summary__item">
        <dt>Flow cell</dt>
        <dd>{header.flowCell ?? '—'}</dd>
      </div>
      <div class="bao-summary__item">
        <dt>Parameters</dt>
        <dd>{header.parameters ?? '—'}</dd>
      </div>
      <div class="bao-summary__item">
        <dt>Run sign-off</dt>
        <dd>
          {onMisoRunPage ? (
            'on this page (run QC and data review)'
          ) : misoRunUrl ? (
            <a class="bao-link" href={misoRunUrl} target="_blank" rel="noopener noreferrer" data-bao="miso-run-link">
              Edit Run in MISO
            </a>
          ) : (
            'set MISO’s address in Bao’s options to link to the run'
          )}
        </dd>
      </div>
      <div class="bao-summary__item">
        <dt>Data</dt>
        <dd data-bao="as-of">
          as of {formatDateTime(header.asOf)}
          {cached ? ' (saved copy; checking for newer data…)' : ''}
        </dd>
      </div>
      <TrendWarningItem warnings={trendWarnings} />
    </dl>
  );
}
