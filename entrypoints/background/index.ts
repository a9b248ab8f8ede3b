import { defineBackground } from 'wxt/utils/define-background';
import { startContentScriptSync } from '../../lib/content-scripts';
import { startKeeper } from '../../lib/background/keeper';
import { registerMessageHandlers } from '../../lib/background/messages';
import { startOutbox } from '../../lib/background/outbox';
import { startPipeline, type Pipeline } from '../../lib/background/pipeline';
import { watchLegacySecrets } from '../../lib/storage';

export default defineBackground({
  type: 'module',
  main() {
    const refreshBadge = () =>
      pipeline.refreshBadge().catch((error: unknown) => console.error('Bao: could not update the badge', error));
    // Every listener is added synchronously here, before anything is awaited (an MV3 worker's wake-up event needs one).
    const keeper = startKeeper({ onSynced: () => void refreshBadge() });
    const pipeline: Pipeline = startPipeline({ onIndexCommitted: [() => void keeper.sync('committed')] });
    registerMessageHandlers({ pipeline, outbox: startOutbox({ refreshBadge: () => pipeline.refreshBadge() }) });
    startContentScriptSync();
    watchLegacySecrets();
  },
});
