import type { Runtime, Tabs } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Pipeline } from '../../lib/background/pipeline';
import type { PipelineStatus } from '../../lib/messages/protocol';

// What the background's message tests share: senders as the browser describes them, a pipeline
// that only answers with a status, and delivery the way the browser delivers a message.

export const EXTENSION_ID = 'test-extension-id';
export const EXTENSION = `chrome-extension://${EXTENSION_ID}`;

/** A sender both the polyfill's types (the background's view) and the fake browser's accept. */
export type Sender = Runtime.MessageSender & Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];
export type FakeTab = Tabs.Tab & NonNullable<Sender['tab']>;

/** Every field of a tab Chrome reports, with values no test looks at. */
export const tabFields = {
  id: 7,
  index: 0,
  windowId: 1,
  groupId: -1,
  highlighted: false,
  active: true,
  pinned: false,
  incognito: false,
  frozen: false,
  selected: false,
  discarded: false,
  autoDiscardable: true,
  lastAccessed: 0,
};

/** A content script in a tab at `url`. */
export const tabSender = (url: string, tab: Partial<FakeTab> = {}): Sender => ({
  id: EXTENSION_ID,
  url,
  tab: { ...tabFields, ...tab, url },
});

/** One of Bao's own pages (`popup.html`, `options.html`). */
export const pageSender = (file: string): Sender => ({ id: EXTENSION_ID, url: `${EXTENSION}/${file}` });

export const popupSender = pageSender('popup.html');

/** A pipeline that polls nothing and answers with `status()`. */
export function fakePipeline(status: () => PipelineStatus): Pipeline {
  return {
    poll: async () => status(),
    status: async () => status(),
    refreshBadge: async () => undefined,
    ready: Promise.resolve(),
    stop: () => undefined,
  };
}

export interface RawAnswer {
  res?: unknown;
  err?: { message?: string };
}

/** Delivers a message the way the browser does and returns the raw answer (`{res}` or `{err}`). */
export function deliver(type: string, data: unknown, sender: Sender): Promise<RawAnswer> {
  return new Promise((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender, resolve);
  });
}
