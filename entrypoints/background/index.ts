import { defineBackground } from 'wxt/utils/define-background';
import { startContentScriptSync } from '../../lib/content-scripts';
import { extensionPageCheck, handle } from '../../lib/messages';
import { check as checkConnections } from './check-connections';
import { registerMessageHandlers } from './messages';
import { registerSecretHandlers } from './secrets';
import { startPipeline } from './pipeline';

export default defineBackground({
  type: 'module',
  main() {
    registerMessageHandlers({ pipeline: startPipeline() });
    startContentScriptSync();
    handle('checkConnections', extensionPageCheck(async () => false), checkConnections);
    registerSecretHandlers();
  },
});
