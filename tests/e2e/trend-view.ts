import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

// The trend view as a keyboard user reaches it, and what the sandbox's drifting instrument shows in it
// (docs/trends.md): shared by the direct-mode and the Bao-server trend specs.

/** Into the FD grid, up to the headers, across to `metric`'s header, then `t`; returns the open trend view. */
export async function openTrendByKeyboard(page: Page, overlay: Locator, metric: string): Promise<Locator> {
  const grid = overlay.locator('[data-bao="run-table-fd"] [role="grid"]');
  await grid.locator('[tabindex="0"]').first().focus();
  await page.keyboard.press('ArrowUp');
  for (let i = 0; i < 12; i++) {
    const label = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.textContent ?? '';
    });
    if (label.startsWith(metric)) break;
    await page.keyboard.press('ArrowRight');
  }
  await page.keyboard.press('t');
  const view = overlay.locator('[data-bao="trend-view"]');
  await expect(view).toHaveAttribute('data-metric', metric);
  return view;
}

/** The drifting instrument's latest run: Mean Insert Size fires 10-x, drawn, with 29 prior runs and this one. */
export async function expectDriftTrend(view: Locator, runName: string): Promise<void> {
  await expect(view.locator('[data-bao="trend-rule"][data-fires="true"]')).toHaveAttribute('data-rule', '10-x');
  await expect(view.locator('[data-bao="trend-chart"]')).toHaveAttribute('data-drawn', 'true');
  await expect(view.locator('[data-bao="trend-table"] [data-trend-current]')).toContainText(`${runName} (this run)`);
  await expect(view.locator('[data-bao="trend-table"] tbody tr')).toHaveCount(30);
}
