import { browser } from 'wxt/browser';
import { createCaseSignoffService, type CaseSignoffService } from '../case-signoff/service';
import type { RequestData, ResponseOf } from '../messages';
import { resultOf } from '../messages/define';
import { loadSecrets, loadSettings } from '../storage';

// Wires the case sign-off outbox into the service worker: Nabu settings and the API key (read only
// here, in the background), an alarm for retries (the worker sleeps between them), and a resume of
// whatever the outbox holds when the worker starts (a closed popup, a crash or a browser restart).

export const OUTBOX_ALARM = 'bao-outbox';
/** Chrome clamps alarms to 30 s for packed extensions; asking for sooner is harmless. */
const MIN_ALARM_DELAY_MS = 1000;

export interface Outbox extends CaseSignoffService {
  /** Settles once the entries found at startup have had their attempt. */
  ready: Promise<void>;
  stop(): void;
}

export function startOutbox({ refreshBadge }: { refreshBadge: () => Promise<void> }): Outbox {
  const service = createCaseSignoffService({
    config: async () => {
      const [{ settings }, secrets] = await Promise.all([loadSettings(), loadSecrets()]);
      return { nabuUrl: settings.nabuUrl, apiKey: secrets.nabuApiKey, displayName: settings.displayName };
    },
    wakeAt: async (time) => {
      if (time === null) await browser.alarms.clear(OUTBOX_ALARM);
      else await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(time, Date.now() + MIN_ALARM_DELAY_MS) });
    },
    onChange: () =>
      void refreshBadge().catch((error: unknown) => console.error('Bao: could not update the badge', error)),
  });

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === OUTBOX_ALARM)
      void service.flush().catch((error: unknown) => console.error('Bao: the outbox could not send', error));
  };
  // Synchronously, so an alarm that woke the worker finds its listener.
  browser.alarms.onAlarm.addListener(onAlarm);
  const ready = service.flush().catch((error: unknown) => console.error('Bao: the outbox could not resume', error));

  return {
    ...service,
    ready,
    stop: () => browser.alarms.onAlarm.removeListener(onAlarm),
  };
}

type CaseMessage = 'getCases' | 'submitSignoffs' | 'getOutbox' | 'retryOutbox' | 'discardOutbox';

/** The popup's case sign-off messages (extension pages only; the protocol says so). */
export function caseSignoffHandlers(outbox: Outbox | undefined): {
  [K in CaseMessage]: (data: RequestData<K>) => Promise<ResponseOf<K>>;
} {
  const use = <T>(task: (o: Outbox) => Promise<T>) =>
    resultOf('case sign-off outbox', () =>
      outbox ? task(outbox) : Promise.reject(new Error('the outbox is not running')),
    );
  return {
    getCases: (query) => use((o) => o.cases(query)),
    submitSignoffs: (draft) => use((o) => o.submit(draft)),
    getOutbox: () => use((o) => o.view()),
    retryOutbox: ({ ids }) => use((o) => o.retry(ids)),
    discardOutbox: ({ ids }) => use((o) => o.discard(ids)),
  };
}
