import { act, cleanup, fireEvent, render, within } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { RunOverlay } from '../../../components/run-overlay/run-overlay';
import { RUN_NAME, bigRunData } from './run-data';

afterEach(cleanup);

function renderBig(virtualize?: boolean) {
  const data = bigRunData(2000);
  const view = render(
    <RunOverlay
      runName={RUN_NAME}
      view={{ kind: 'found', data, failure: null, cached: false, refreshFailure: null }}
      misoUrl=""
      onMisoRunPage={false}
      grouping="combined"
      onOpenQcInMiso={async () => ({ ok: true, opened: 1 })}
      onCopy={async () => undefined}
      onSaveFile={() => undefined}
      virtualize={virtualize}
    />,
  );
  const grid = within(view.container.querySelector<HTMLElement>('[data-bao="run-table-fd"]')!).getByRole('grid');
  const rows = () => grid.querySelectorAll('[role="row"][data-run-library]');
  return { grid, rows };
}

test('with 2,000 rows only a window of rows is in the DOM, and the grid still counts them all', () => {
  const { grid, rows } = renderBig();
  expect(grid.getAttribute('aria-rowcount')).toBe('2001');
  expect(rows().length).toBeGreaterThan(10);
  expect(rows().length).toBeLessThan(80);
  expect(rows()[0].getAttribute('aria-rowindex')).toBe('2');
  expect(rows()[0].textContent).toContain('BIG_0000_WG');
  // The scroll height is that of all 2,000 rows, so the scrollbar is true to the table.
  expect(grid.querySelector<HTMLElement>('.bao-grid__body')!.style.height).toBe(`${2000 * 30}px`);
});

test('End reaches the last row, which is rendered and focused, still within a window', () => {
  const { grid, rows } = renderBig();
  act(() => grid.querySelector<HTMLElement>('[tabindex="0"]')!.focus());
  fireEvent.keyDown(document.activeElement!, { key: 'End' });
  const focusedRow = (document.activeElement as HTMLElement).closest('[role="row"]')!;
  expect(focusedRow.getAttribute('aria-rowindex')).toBe('2001');
  expect(focusedRow.textContent).toContain('BIG_1999_WG');
  expect(rows().length).toBeLessThan(80);
  // Selecting by keyboard works on the whole table, not only on what is rendered.
  fireEvent.keyDown(document.activeElement!, { key: 'a' });
  expect(grid.closest('[data-bao="run-table-fd"]')!.querySelector('[data-bao="selected-count"]')!.textContent).toBe(
    '2000 selected',
  );
});

test('without virtualisation (the bench baseline) every row is rendered', () => {
  const { rows } = renderBig(false);
  expect(rows().length).toBe(2000);
});
