import { defineContentScript } from 'wxt/utils/define-content-script';
import { runFeatures } from '../../lib/content-script/feature';
import { loadSettings } from '../../lib/storage';
import { jiraRunTable } from './features/run-table';

// Registered at run time for the configured Jira origin only (lib/content-scripts.ts).
export default defineContentScript({
  registration: 'runtime',
  async main(ctx) {
    const { settings } = await loadSettings();
    // Testability: the content script runs on this page (whatever its overlays decide).
    document.documentElement.setAttribute('data-bao-content', 'jira');
    if (!settings.features.jiraOverlay) return;
    runFeatures(ctx, [jiraRunTable(settings)]);
  },
});
