import { useEffect, useRef, useState } from 'preact/hooks';
import type { Failure } from '../../lib/net/failure';
import { describeFailure } from '../../lib/net/failure';
import type { SeriesKey, Trend, TrendAnalysis, TrendSeries } from '../../lib/trends/schema';
import { plural } from '../../lib/text';
import { TrendChart } from './trend-chart';
import { TREND_CSS } from './trend-css';
import { TREND_MARK, type TrendsSource } from './trend-types';

// The trend view of one metric column (docs/trends.md): the chart, the Westgard rules in words and a table of the same
// numbers, for one assay and library design of the table at a time.

export interface TrendViewProps {
  /** The series the column has in this table, one per assay and design of its rows; the first is shown first. */
  keys: SeriesKey[];
  load: TrendsSource['load'];
  onClose: () => void;
  onCopy: (text: string) => void;
  assayName: (assayId: number) => string;
}

type State =
  { kind: 'loading' } | { kind: 'error'; failure: Failure } | { kind: 'none' } | { kind: 'ready'; trend: Trend };

const shown = new Intl.NumberFormat('en-CA', { maximumSignificantDigits: 4 });
const fmt = (value: number) => shown.format(value);

function zOf(value: number, analysis: TrendAnalysis): string {
  return analysis.status === 'ok' ? fmt((value - analysis.mean) / analysis.sd) : '';
}

/** The table as tab-separated text, for the clipboard. */
export function trendTsv(series: TrendSeries, analysis: TrendAnalysis): string {
  const head = ['Run', 'Completed', 'Median', 'Q1', 'Q3', 'Min', 'Max', 'Libraries', 'SD from mean'];
  const rows = [...series.history, ...(series.current ? [series.current] : [])].map((p) => [
    p.runName === series.runName ? `${p.runName} (this run)` : p.runName,
    p.completionDate ?? '',
    String(p.median),
    String(p.q1),
    String(p.q3),
    String(p.min),
    String(p.max),
    String(p.n),
    zOf(p.median, analysis),
  ]);
  return [head, ...rows].map((r) => r.join('\t')).join('\n');
}

function statusText(series: TrendSeries, analysis: TrendAnalysis): string | null {
  switch (analysis.status) {
    case 'no-current-value':
      return `This run has no value for ${series.metric}, so there is nothing to compare.`;
    case 'not-enough-history':
      return `Not enough history: ${plural(analysis.have, 'prior run', 'prior runs')} on this instrument model, and the bands need ${analysis.need}.`;
    case 'no-spread':
      return `Every prior run has the same median (${fmt(analysis.mean)}): no spread to draw bands with.`;
    case 'ok':
      return null;
  }
}

function Rules({ analysis }: { analysis: TrendAnalysis }) {
  if (analysis.status !== 'ok') return null;
  const firing = analysis.rules.filter((r) => r.fires);
  return (
    <>
      <p class="bao-trend__note" data-bao="trend-rules-summary">
        {firing.length
          ? `${TREND_MARK} ${plural(firing.length, 'Westgard rule fires', 'Westgard rules fire')} (advisory; the cells keep their pass or fail).`
          : 'No Westgard rule fires.'}{' '}
        Mean {fmt(analysis.mean)}, SD {fmt(analysis.sd)} of the prior runs.
      </p>
      <ul class="bao-trend__rules">
        {analysis.rules.map((r) => (
          <li
            key={r.rule}
            class={r.fires ? 'bao-trend__rule--fires' : undefined}
            data-bao="trend-rule"
            data-rule={r.rule}
            data-fires={String(r.fires)}
          >
            {r.fires ? `${TREND_MARK} ` : ''}
            <strong>{r.rule}</strong>: {r.explanation}
          </li>
        ))}
      </ul>
    </>
  );
}

function TrendTable({ series, analysis }: { series: TrendSeries; analysis: TrendAnalysis }) {
  const points = [...series.history, ...(series.current ? [series.current] : [])];
  return (
    <div class="bao-trend__table-wrap" tabIndex={0} role="region" aria-label="Trend values">
      <table class="bao-trend__table" data-bao="trend-table">
        <caption class="bao-trend__note">
          {series.metric}
          {series.units ? ` (${series.units})` : ''}: median and quartiles of each run’s libraries, oldest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Completed</th>
            <th scope="col">Median</th>
            <th scope="col">Q1–Q3</th>
            <th scope="col">n</th>
            <th scope="col">SD from mean</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => {
            const current = p.runName === series.runName;
            return (
              <tr
                key={p.runName}
                class={current ? 'bao-trend__current' : undefined}
                data-trend-current={current ? 'true' : undefined}
              >
                <th scope="row">{current ? `${p.runName} (this run)` : p.runName}</th>
                <td>{p.completionDate ?? '—'}</td>
                <td>{fmt(p.median)}</td>
                <td>
                  {fmt(p.q1)}–{fmt(p.q3)}
                </td>
                <td>{p.n}</td>
                <td>{zOf(p.median, analysis)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const keyId = (key: SeriesKey) => `${key.assayId}|${key.design}`;

export function TrendView({ keys, load, onClose, onCopy, assayName }: TrendViewProps) {
  const [chosen, setChosen] = useState(0);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);
  const key = keys[Math.min(chosen, keys.length - 1)];
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (!key) return;
    let live = true;
    setState({ kind: 'loading' });
    void load(key).then((answer) => {
      if (!live) return;
      if (!answer.ok) setState({ kind: 'error', failure: answer.failure });
      else setState(answer.value ? { kind: 'ready', trend: answer.value } : { kind: 'none' });
    });
    return () => {
      live = false;
    };
    // The key's fields, not its identity: the parent builds a new array on every render.
  }, [key?.category, key?.assayId, key?.design, key?.metric, load]);
  if (!key) return null;
  return (
    <section
      class="bao-trend"
      data-bao="trend-view"
      data-metric={key.metric}
      aria-label={`Trend of ${key.metric}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <style>{TREND_CSS}</style>
      <div class="bao-trend__head">
        <h3 class="bao-trend__title" tabIndex={-1} ref={heading}>
          Trend: {key.metric}
        </h3>
        {keys.length > 1 ? (
          <label>
            Assay and design{' '}
            <select value={String(chosen)} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
              {keys.map((k, i) => (
                <option key={keyId(k)} value={String(i)}>
                  {assayName(k.assayId)}, {k.design}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="bao-trend__note">
            {assayName(key.assayId)}, {key.design}
          </span>
        )}
        {state.kind === 'ready' && (
          <button
            type="button"
            class="bao-button"
            data-bao="trend-copy"
            onClick={() => onCopy(trendTsv(state.trend.series, state.trend.analysis))}
          >
            Copy table
          </button>
        )}
        <button type="button" class="bao-button bao-trend__close" onClick={onClose} aria-label="Close the trend view">
          Close
        </button>
      </div>
      {state.kind === 'loading' && <p class="bao-trend__note">Reading the prior runs…</p>}
      {state.kind === 'error' && (
        <p class="bao-trend__note">Bao could not read the trend: {describeFailure(state.failure)}</p>
      )}
      {state.kind === 'none' && <p class="bao-trend__note">Bao’s copy of Cardea’s data has no such run.</p>}
      {state.kind === 'ready' && <TrendBody trend={state.trend} />}
    </section>
  );
}

function TrendBody({ trend: { series, analysis } }: { trend: Trend }) {
  const status = statusText(series, analysis);
  const { excluded, withoutMetric } = series.leftOut;
  return (
    <>
      <p class="bao-trend__note" data-bao="trend-scope">
        Last {plural(series.history.length, 'completed run', 'completed runs')} before this one on{' '}
        {series.instrumentModel || 'the same flow cell kind'} (up to {series.limit}).
        {excluded + withoutMetric > 0 &&
          ` Left out: ${plural(excluded, 'run', 'runs')} whose run QC or data review failed, ${plural(withoutMetric, 'run', 'runs')} without a value.`}
      </p>
      {status && (
        <p class="bao-trend__note" data-bao="trend-status" data-status={analysis.status}>
          {status}
        </p>
      )}
      <div class="bao-trend__body">
        {series.current && analysis.status !== 'no-current-value' && <TrendChart series={series} analysis={analysis} />}
        <div class="bao-trend__side">
          <Rules analysis={analysis} />
          <TrendTable series={series} analysis={analysis} />
        </div>
      </div>
    </>
  );
}
