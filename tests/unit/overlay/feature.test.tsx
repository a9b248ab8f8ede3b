import { waitFor } from '@testing-library/preact';
import { useLayoutEffect } from 'preact/hooks';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineOverlay, runFeatures } from '../../../lib/content-script/feature';
import { detector } from '../../../lib/page-detect';

// The overlay runner on a single-page app: issues change without a reload, the page re-renders the
// element the overlay hangs from, and some pages are not for the overlay at all.

let alive = 0;
function View({ issue }: { issue: string }) {
  useLayoutEffect(() => {
    alive += 1;
    return () => void (alive -= 1);
  }, []);
  return <p data-issue={issue}>{issue}</p>;
}

const isIssue = detector('test-issue', ['https://jira.test/browse/T-1'], (url) =>
  /^\/browse\/T-\d+$/.test(url.pathname),
);

const overlay = defineOverlay<{ issue: string }>({
  id: 'test-overlay',
  include: [isIssue],
  locate: (doc, url) => {
    const heading = doc.querySelector<HTMLElement>('h1[data-key]');
    const issue = heading?.dataset.key;
    if (!heading || !issue || issue !== url.pathname.split('/').at(-1)) return undefined;
    return heading.dataset.run === 'yes' ? { anchor: heading, append: 'after', data: { issue } } : null;
  },
  attributes: ({ issue }) => ({ 'data-bao': 'test-overlay', 'data-issue': issue }),
  render: ({ issue }) => <View issue={issue} />,
  css: 'p { margin: 0 }',
});

/** What runFeatures needs of WXT's context: invalidation listeners and the location-change event. */
function fakeContext() {
  const controller = new AbortController();
  let onNavigate: ((event: { newUrl: URL }) => void) | undefined;
  const ctx = {
    signal: controller.signal,
    options: undefined,
    get isValid() {
      return !controller.signal.aborted;
    },
    onInvalidated: vi.fn((cb: () => void) => {
      controller.signal.addEventListener('abort', cb);
      return () => controller.signal.removeEventListener('abort', cb);
    }),
    addEventListener: (_target: unknown, type: string, handler: (event: { newUrl: URL }) => void) => {
      if (type === 'wxt:locationchange') onNavigate = handler;
    },
  };
  return {
    ctx: ctx as unknown as ContentScriptContext & { onInvalidated: typeof ctx.onInvalidated },
    navigate: (path: string) => onNavigate!({ newUrl: new URL(path, location.href) }),
    invalidate: () => controller.abort(),
  };
}

/** The SPA renders an issue: a fresh heading (and so a fresh anchor) each time. */
function showIssue(key: string, run = true) {
  document.body.innerHTML = `<main><h1 data-key="${key}" data-run="${run ? 'yes' : 'no'}">${key}</h1><section>body</section></main>`;
}

function visit(path: string, key: string, run = true, navigate?: (path: string) => void) {
  history.pushState({}, '', path);
  navigate?.(path);
  showIssue(key, run);
}

const hosts = () => [...document.querySelectorAll<HTMLElement>('bao-test-overlay')];
// The overlay's root is closed (host.shadowRoot is null), so the test keeps each root as it is attached.
const roots = new WeakMap<Element, ShadowRoot>();
const shownIssue = () => {
  const host = hosts()[0];
  return host ? roots.get(host)?.querySelector('p')?.dataset.issue : undefined;
};

beforeEach(() => {
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    roots.set(this, root);
    return root;
  });
  alive = 0;
  document.documentElement.removeAttribute('data-bao-skipped');
  visit('/browse/T-1', 'T-1');
});
afterEach(() => {
  document.body.innerHTML = '';
});

test('a tab that visits many issues holds one overlay, one view and one invalidation listener', async () => {
  const { ctx, navigate, invalidate } = fakeContext();
  runFeatures(ctx, [overlay]);
  await waitFor(() => expect(shownIssue()).toBe('T-1'));
  expect(hosts()[0]?.shadowRoot, 'the page cannot reach into the overlay').toBeNull();
  const listeners = ctx.onInvalidated.mock.calls.length;

  for (let n = 2; n <= 30; n++) {
    visit(`/browse/T-${n}`, `T-${n}`, true, navigate);
    await waitFor(() => expect(shownIssue()).toBe(`T-${n}`));
  }
  expect(hosts()).toHaveLength(1);
  expect(hosts()[0].dataset.issue).toBe('T-30');
  expect(hosts()[0].previousElementSibling?.getAttribute('data-key')).toBe('T-30');
  expect(alive).toBe(1);
  expect(ctx.onInvalidated.mock.calls.length).toBe(listeners);

  invalidate();
  expect(hosts()).toHaveLength(0);
  expect(alive).toBe(0);
});

test('placed again when the page throws away the element it hangs from', async () => {
  const { ctx } = fakeContext();
  runFeatures(ctx, [overlay]);
  await waitFor(() => expect(shownIssue()).toBe('T-1'));
  const first = document.querySelector('h1');
  showIssue('T-1');
  await waitFor(() => expect(hosts()[0]?.isConnected).toBe(true));
  expect(document.querySelector('h1')).not.toBe(first);
  expect(hosts()).toHaveLength(1);
  expect(hosts()[0].previousElementSibling).toBe(document.querySelector('h1'));
  expect(shownIssue()).toBe('T-1');
  expect(alive).toBe(1);
});

test('a page not for the overlay says so and shows none; the next run page shows it again', async () => {
  const { ctx, navigate } = fakeContext();
  runFeatures(ctx, [overlay]);
  await waitFor(() => expect(shownIssue()).toBe('T-1'));

  visit('/browse/T-2', 'T-2', false, navigate);
  await waitFor(() => expect(document.documentElement.getAttribute('data-bao-skipped')).toBe('test-overlay'));
  expect(hosts()).toHaveLength(0);
  expect(alive).toBe(0);

  visit('/boards/1', 'T-2', true, navigate);
  expect(hosts()).toHaveLength(0);

  visit('/browse/T-3', 'T-3', true, navigate);
  await waitFor(() => expect(shownIssue()).toBe('T-3'));
  expect(document.documentElement.hasAttribute('data-bao-skipped')).toBe(false);
  expect(hosts()[0].dataset.issue).toBe('T-3');
});
