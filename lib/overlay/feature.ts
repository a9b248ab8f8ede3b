import type { VNode } from 'preact';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { Detector } from '../page-detect';
import { waitFor } from './wait-for';

/** Where an overlay attaches, read from the host page by the app's selectors module. */
export interface Placement<T> {
  anchor: Element;
  append: 'first' | 'last' | 'before' | 'after';
  /** What the page says (e.g. the run name); only placed once the page shows it. */
  data: T;
}

export interface OverlayFeature<T> {
  /** Stable id; also the custom element's name (`bao-{id}`). */
  id: string;
  include: Detector[];
  exclude?: Detector[];
  /**
   * Reads the page at `url`: undefined while it is still rendering (or still shows another page),
   * null when this page is not for the overlay.
   */
  locate: (doc: Document, url: URL) => Placement<T> | null | undefined;
  /** Attributes on the overlay's host element (the testability contract: `data-bao`, …). */
  attributes: (data: T) => Record<string, string>;
  render: (data: T, signal: AbortSignal) => VNode;
  css: string;
}

export function defineOverlay<T>(feature: OverlayFeature<T>): OverlayFeature<T> {
  return feature;
}

function applies(feature: OverlayFeature<unknown>, url: URL): boolean {
  return feature.include.some((d) => d.test(url)) && !(feature.exclude ?? []).some((d) => d.test(url));
}

async function runOne<T>(ctx: ContentScriptContext, feature: OverlayFeature<T>, url: URL, signal: AbortSignal): Promise<void> {
  const placement = await waitFor(() => feature.locate(document, url), { signal });
  if (placement === undefined && !signal.aborted) console.warn(`[bao:${feature.id}] the page never showed what this overlay needs`);
  // Testability: a page that is not for this overlay says so, so a test need not wait to see nothing.
  if (placement === null && !signal.aborted) document.documentElement.setAttribute('data-bao-skipped', feature.id);
  if (!placement || signal.aborted) return;
  document.documentElement.removeAttribute('data-bao-skipped');
  const ui = await createShadowRootUi(ctx, {
    name: `bao-${feature.id}`,
    position: 'inline',
    anchor: placement.anchor,
    append: placement.append,
    css: feature.css,
    onMount: (container, _shadow, host) => {
      for (const [key, value] of Object.entries(feature.attributes(placement.data))) host.setAttribute(key, value);
      render(feature.render(placement.data, signal), container);
      return container;
    },
    onRemove: (container) => {
      if (container) render(null, container);
    },
  });
  if (signal.aborted) return;
  ui.mount();
  // Single-page apps (Jira Cloud) re-render the part of the page the overlay hangs from; when its
  // host is thrown away with it, place it again once the page has settled.
  const detached = new MutationObserver(() => {
    if (ui.shadowHost.isConnected || signal.aborted) return;
    detached.disconnect();
    ui.remove();
    runOne(ctx, feature, new URL(location.href), signal).catch((error: unknown) => console.error(`[bao:${feature.id}]`, error));
  });
  detached.observe(document.documentElement, { childList: true, subtree: true });
  signal.addEventListener(
    'abort',
    () => {
      detached.disconnect();
      ui.remove();
    },
    { once: true },
  );
}

/**
 * Runs each feature whose detectors match the page, each with its own AbortSignal, and runs them
 * again after single-page navigation (Jira Cloud changes issues without reloading).
 */
export function runFeatures(ctx: ContentScriptContext, features: OverlayFeature<any>[]): void {
  let controller = new AbortController();
  const start = (url: URL) => {
    for (const feature of features) {
      if (!applies(feature, url)) continue;
      runOne(ctx, feature, url, controller.signal).catch((error: unknown) => console.error(`[bao:${feature.id}]`, error));
    }
  };
  ctx.onInvalidated(() => controller.abort());
  // WXT reports the new URL before `location` has changed (the Navigation API's navigate event).
  ctx.addEventListener(window, 'wxt:locationchange', (event) => {
    controller.abort();
    controller = new AbortController();
    start(new URL(event.newUrl.href));
  });
  start(new URL(location.href));
}
