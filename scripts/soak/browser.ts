import type { BrowserContext, Page } from '@playwright/test';

// The soak's hands on Chromium: stopping the extension's service worker through the DevTools
// protocol, as Chromium stops an idle worker, but at moments Chromium would not choose.

interface WorkerVersion {
  scriptURL: string;
  runningStatus: string;
}

/**
 * Stops Bao's service worker (Target.closeTarget on its target); true once the ServiceWorker domain
 * reports it stopped. Playwright's Worker handle is not a reliable witness: it may outlive the stop.
 */
export async function stopServiceWorker(context: BrowserContext, page: Page, timeoutMs = 10_000): Promise<boolean> {
  const cdp = await context.newCDPSession(page);
  try {
    const stopped = new Promise<boolean>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: WorkerVersion[] }) => {
        const ours = event.versions.filter((v) => v.scriptURL.startsWith('chrome-extension://'));
        if (ours.some((v) => v.runningStatus === 'stopped')) resolve(true);
      });
      setTimeout(() => resolve(false), timeoutMs);
    });
    await cdp.send('ServiceWorker.enable');
    const { targetInfos } = await cdp.send('Target.getTargets');
    const targets = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
    if (targets.length === 0) return false;
    for (const t of targets) await cdp.send('Target.closeTarget', { targetId: t.targetId });
    return await stopped;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
