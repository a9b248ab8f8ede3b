import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, expect, test, vi } from 'vitest';
import type { RunRow } from '../../../components/popup/runs/run-rows';
import { RunsView } from '../../../components/popup/runs/runs-view';

afterEach(cleanup);

const row = (runName: string): RunRow => ({
  runName,
  completionDate: '2024-03-01',
  runQc: {
    qcPassed: null,
    qcUser: null,
    qcDate: null,
    dataReviewPassed: null,
    dataReviewUser: null,
    dataReviewDate: null,
  },
  pendingAnalysis: 0,
  pendingQc: 1,
  pendingDataReview: 0,
  runState: 1,
  requiresAction: true,
  issueKey: null,
  issueState: null,
});

function setup(trendWarned: ReadonlySet<string> | null) {
  const view = render(
    <RunsView
      list={{ asOf: null, stale: false, runs: [row('RUN_A'), row('RUN_B'), row('RUN_C')] }}
      error={null}
      links={{ jiraUrl: '', misoUrl: '', keeperEnabled: false }}
      onOpen={vi.fn()}
      onCopy={vi.fn()}
      trendWarned={trendWarned}
    />,
  );
  const names = () => [...view.container.querySelectorAll<HTMLElement>('tbody tr')].map((tr) => tr.dataset.runName);
  return { view, names };
}

test('the Runs view filters on trend warnings, and says how many runs have one', () => {
  const { view, names } = setup(new Set(['RUN_B']));
  const toggle = view.container.querySelector<HTMLInputElement>('[data-bao="runs-trend-filter"]')!;
  expect(toggle.parentElement!.textContent).toContain('Trend warnings (1)');
  expect(names()).toHaveLength(3);
  fireEvent.click(toggle);
  expect(names()).toEqual(['RUN_B']);
  fireEvent.click(toggle);
  expect(names()).toHaveLength(3);
});

test('no trend filter before the background answers', () => {
  const { view } = setup(null);
  expect(view.container.querySelector('[data-bao="runs-trend-filter"]')).toBeNull();
});
