import type { VNode } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Detector } from '../page-detect';
import { createShadowUi, type ShadowUi, type UiPlace } from './shadow-ui';
import { waitFor } from './wait-for';

/** Where an overlay attaches, read from the host page by the app's selectors module. */
export interface Placement<T> extends UiPlace {
  /** What the page says (e.g. the run name); only placed once the page shows it. */
  data: T;
}

export interface OverlayFeature<T> {
  /** Stable id; also the custom element's name (`bao-{id}`). */
  id: string;
  include: Detector[];
  /**
   * Reads the page at `url`: undefined while it is still rendering (or still shows another page),
   * null when this page is not for the overlay.
   */
  locate: (doc: Document, url: URL) => Placement<T> | null | undefined;
  /** Attributes on the overlay's host element (the testability contract: `data-bao`, …). */
  attributes: (data: T) => Record<string, string>;
  render: (data: T) => VNode;
  css: string;
}

export function defineOverlay<T>(feature: OverlayFeature<T>): OverlayFeature<T> {
  return feature;
}

/**
 * One feature on one tab: a single shadow-root UI, placed where the page currently wants it and taken
 * out again when the page moves on, so a tab that visits many issues holds one overlay, not one per visit.
 */
function overlayRunner<T>(ctx: ContentScriptContext, feature: OverlayFeature<T>) {
  let current: Placement<T> | null = null;
  let created: Promise<ShadowUi> | undefined;
  let mounted: ShadowUi | undefined;
  let detached: MutationObserver | undefined;
  const fail = (error: unknown) => console.error(`[bao:${feature.id}]`, error);

  const ui = () =>
    (created ??= createShadowUi(ctx, {
      name: `bao-${feature.id}`,
      css: feature.css,
      place: () => current ?? undefined,
      content: () => {
        if (!current) throw new Error('mounted without a placement');
        return { attributes: feature.attributes(current.data), view: feature.render(current.data) };
      },
    }));

  /** Takes the overlay off the page (navigation, or the page threw its host away). */
  const clear = () => {
    detached?.disconnect();
    detached = undefined;
    mounted?.remove();
    mounted = undefined;
    current = null;
  };

  const place = async (url: URL, signal: AbortSignal): Promise<void> => {
    const placement = await waitFor(() => feature.locate(document, url), { signal });
    if (placement === undefined && !signal.aborted)
      console.warn(`[bao:${feature.id}] the page never showed what this overlay needs`);
    // Testability: a page that is not for this overlay says so, so a test need not wait to see nothing.
    if (placement === null && !signal.aborted) document.documentElement.setAttribute('data-bao-skipped', feature.id);
    if (!placement || signal.aborted) return;
    document.documentElement.removeAttribute('data-bao-skipped');
    const shown = await ui();
    if (signal.aborted) return;
    current = placement;
    shown.mount();
    mounted = shown;
    // Single-page apps (Jira Cloud) re-render the part of the page the overlay hangs from; when its
    // host is thrown away with it, place it again once the page has settled.
    detached = new MutationObserver(() => {
      if (shown.shadowHost.isConnected || signal.aborted) return;
      clear();
      place(new URL(location.href), signal).catch(fail);
    });
    detached.observe(document.documentElement, { childList: true, subtree: true });
  };

  return {
    applies: (url: URL) => feature.include.some((d) => d.test(url)),
    place: (url: URL, signal: AbortSignal) => place(url, signal).catch(fail),
    clear,
  };
}

const isPageAddress = (url: URL) => url.protocol === 'https:' || url.protocol === 'http:';

/**
 * Runs each feature whose detectors match the page, and runs them again after single-page
 * navigation (Jira Cloud changes issues without reloading). Each feature has one UI for the tab's
 * lifetime, taken off the page on navigation and mounted again where the next page wants it.
 */
export function runFeatures(ctx: ContentScriptContext, features: OverlayFeature<any>[]): void {
  const runners = features.map((feature) => overlayRunner(ctx, feature));
  let controller = new AbortController();
  const start = (url: URL) => {
    for (const runner of runners) if (runner.applies(url)) void runner.place(url, controller.signal);
  };
  const stop = () => {
    controller.abort();
    for (const runner of runners) runner.clear();
  };
  ctx.onInvalidated(stop);
  // WXT reports the new URL before `location` has changed (the Navigation API's navigate event).
  ctx.addEventListener(window, 'wxt:locationchange', (event) => {
    // Saving a file (Download CSV clicks a `blob:` link) is a navigation to the Navigation API, but
    // the page stays where it was; only a new http(s) address is another page.
    if (!isPageAddress(event.newUrl)) return;
    stop();
    controller = new AbortController();
    start(new URL(event.newUrl.href));
  });
  start(new URL(location.href));
}
