import { defineBackground } from 'wxt/utils/define-background';
import { startContentScriptSync } from '../../lib/content-scripts';
import { extensionPageCheck, handle } from '../../lib/messages';
import { check as checkConnections } from './check-connections';
import { startKeeper } from './keeper';
import { registerMessageHandlers } from './messages';
import { startOutbox } from './outbox';
import { registerSecretHandlers } from './secrets';
import { startPipeline } from './pipeline';

export default defineBackground({
  type: 'module',
  main() {
    const keeper = startKeeper();
    const pipeline = startPipeline({ onIndexCommitted: [() => void keeper.sync('committed')] });
    registerMessageHandlers({ pipeline, outbox: startOutbox({ refreshBadge: () => pipeline.refreshBadge() }) });
    startContentScriptSync();
    handle('checkConnections', extensionPageCheck(async () => false), checkConnections);
    registerSecretHandlers();
  },
});
