import { render } from 'preact';
import { RunOverlay } from '../components/run-overlay/run-overlay';
import css from '../components/run-overlay/overlay.css?inline';
import type { FoundRunData } from '../lib/run-table/run-table-model';

// Bundled into an IIFE by bench/overlay.ts and run in Chromium: renders the overlay component with
// and without row virtualisation, inside a shadow root like the real overlay, and times it there.

export interface RenderTiming {
  /** render() plus the first style and layout. */
  renderMs: number;
  /** Until the next frame after that (effects and the virtualiser's first measurement included). */
  frameMs: number;
  rows: number;
  nodes: number;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export async function timeRender(data: FoundRunData, virtualize: boolean): Promise<RenderTiming> {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  shadow.append(style, container);
  await nextFrame();
  const start = performance.now();
  render(
    <RunOverlay
      runName={data.run.name}
      view={{ kind: 'found', data, failure: null, cached: false, refreshFailure: null }}
      misoUrl="http://miso.invalid"
      onMisoRunPage={false}
      grouping="by-assay-and-design"
      onOpenQcInMiso={async () => ({ ok: true, opened: 0 })}
      onCopy={async () => undefined}
      onSaveFile={() => undefined}
      virtualize={virtualize}
    />,
    container,
  );
  void container.getBoundingClientRect().height;
  const renderMs = performance.now() - start;
  await nextFrame();
  const frameMs = performance.now() - start;
  const timing = {
    renderMs,
    frameMs,
    rows: shadow.querySelectorAll('[data-run-library]').length,
    nodes: shadow.querySelectorAll('*').length,
  };
  render(null, container);
  host.remove();
  return timing;
}
