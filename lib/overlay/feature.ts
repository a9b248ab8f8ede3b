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
  /** Reads the page: undefined while it is still rendering, null when this page is not for the overlay. */
  locate: (doc: Document) => Placement<T> | null | undefined;
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

async function runOne<T>(ctx: ContentScriptContext, feature: OverlayFeature<T>, signal: AbortSignal): Promise<void> {
  const placement = await waitFor(() => feature.locate(document), { signal });
  if (placement === undefined && !signal.aborted) console.warn(`[bao:${feature.id}] the page never showed what this overlay needs`);
  if (!placement || signal.aborted) return;
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
  signal.addEventListener('abort', () => ui.remove(), { once: true });
}

/**
 * Runs each feature whose detectors match the page, each with its own AbortSignal, and runs them
 * again after single-page navigation (Jira Cloud changes issues without reloading).
 */
export function runFeatures(ctx: ContentScriptContext, features: OverlayFeature<any>[]): void {
  let controller = new AbortController();
  const start = () => {
    const url = new URL(location.href);
    for (const feature of features) {
      if (!applies(feature, url)) continue;
      runOne(ctx, feature, controller.signal).catch((error: unknown) => console.error(`[bao:${feature.id}]`, error));
    }
  };
  ctx.onInvalidated(() => controller.abort());
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    controller.abort();
    controller = new AbortController();
    start();
  });
  start();
}
