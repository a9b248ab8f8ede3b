import { render, type VNode } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { loadTestShadowMode } from '../storage';

/** True only in the builds `npm test` and `npm start` make (wxt.config.ts). */
declare const __BAO_TEST_BUILD__: boolean | undefined;

export type Append = 'first' | 'last' | 'before' | 'after';

/** Where a UI goes on the host page. */
export interface UiPlace {
  anchor: Element;
  append: Append;
}

/** What a UI shows: its host element's attributes (the testability contract: `data-bao`, …) and its Preact tree. */
export interface UiContent {
  attributes: Record<string, string>;
  view: VNode;
}

export interface ShadowUiSpec {
  /** Custom element name, `bao-…`. */
  name: string;
  css: string;
  /** Read on every mount, so one UI can be placed again and again (single-page apps); undefined: nowhere yet. */
  place: () => UiPlace | undefined;
  /** Also read on every mount. */
  content: () => UiContent;
}

export type ShadowUi = ShadowRootContentScriptUi<HTMLElement>;

function insert(anchor: Element, host: Element, append: Append): void {
  switch (append) {
    case 'first':
      return anchor.prepend(host);
    case 'last':
      return anchor.append(host);
    case 'before':
      return anchor.before(host);
    case 'after':
      return anchor.after(host);
  }
}

/**
 * Events a page script can fake (`element.click()`, `dispatchEvent`) that would select rows, open MISO or Jira,
 * start QC in MISO, copy or download. The closed root keeps the page's scripts from reaching the overlay's elements;
 * this is the second wall, for whatever still reaches them: an untrusted one is stopped before any handler sees it.
 */
const GUARDED_EVENTS = [
  'click',
  'auxclick',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keyup',
  'keypress',
  'contextmenu',
  'submit',
] as const;

/**
 * Stops untrusted events inside `root`, except a click the overlay's own code makes while it handles a real one (the
 * grid opens a library's MISO link for a key press that way): such a click comes in the same task as the user's event.
 */
export function ignoreUntrustedEvents(root: EventTarget): void {
  let handlingTrusted = false;
  const guard = (event: Event) => {
    if (event.isTrusted) {
      if (!handlingTrusted) {
        handlingTrusted = true;
        setTimeout(() => (handlingTrusted = false), 0);
      }
      return;
    }
    if (handlingTrusted && event.type === 'click') return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  for (const type of GUARDED_EVENTS) root.addEventListener(type, guard, { capture: true });
}

async function shadowMode(): Promise<'open' | 'closed'> {
  if (typeof __BAO_TEST_BUILD__ !== 'undefined' && __BAO_TEST_BUILD__) return loadTestShadowMode();
  return 'closed';
}

/**
 * A Bao UI in its own closed Shadow DOM, so the host page's CSS and Bao's cannot touch each other. Created
 * once (WXT ties each UI to the content script's lifetime with a listener that is never removed, so
 * one per navigation would keep every old view alive); `mount()` places it where `place()` says and
 * renders `content()`, `remove()` takes it out and unmounts the Preact tree.
 */
export async function createShadowUi(
  ctx: ContentScriptContext,
  { name, css, place, content }: ShadowUiSpec,
): Promise<ShadowUi> {
  let attributes: string[] = [];
  const ui = await createShadowRootUi(ctx, {
    name,
    // Closed, so the host page's scripts cannot reach in to read the table or drive its buttons.
    mode: await shadowMode(),
    position: 'inline',
    anchor: () => place()?.anchor,
    append: (anchor, host) => insert(anchor, host, place()?.append ?? 'last'),
    css,
    onMount: (container, _shadow, host) => {
      const { attributes: next, view } = content();
      for (const key of attributes) if (!(key in next)) host.removeAttribute(key);
      for (const [key, value] of Object.entries(next)) host.setAttribute(key, value);
      attributes = Object.keys(next);
      render(view, container);
      return container;
    },
    onRemove: (container) => {
      if (container) render(null, container);
    },
  });
  ignoreUntrustedEvents(ui.shadow);
  return ui;
}

/** A UI shown once, where it is created (it goes when the content script does). */
export async function mountShadowUi(
  ctx: ContentScriptContext,
  spec: Omit<ShadowUiSpec, 'place' | 'content'> & UiPlace & UiContent,
): Promise<void> {
  const { anchor, append, attributes, view } = spec;
  const ui = await createShadowUi(ctx, {
    name: spec.name,
    css: spec.css,
    place: () => ({ anchor, append }),
    content: () => ({ attributes, view }),
  });
  if (ctx.isValid) ui.mount();
}
