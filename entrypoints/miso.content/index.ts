import { defineContentScript } from 'wxt/utils/define-content-script';
import { runFeatures } from '../../lib/content-script/feature';
import { loadSettings } from '../../lib/storage';
import { confirmQcBatch } from './features/confirm-qc-batch';
import { qcBatchLoginNotice } from './features/qc-batch-login-notice';
import { misoRunTable } from './features/run-table';
import { submitQcBatch } from './features/submit-qc-batch';

// Registered at run time for the configured MISO origin only (lib/content-scripts.ts).
export default defineContentScript({
  registration: 'runtime',
  async main(ctx) {
    const { settings } = await loadSettings();
    // Testability: the content script runs on this page (whatever its overlays decide).
    document.documentElement.setAttribute('data-bao-content', 'miso');
    if (settings.features.misoOverlay) runFeatures(ctx, [misoRunTable(settings)]);
    // QC in MISO delivery: each checks its own page and does nothing elsewhere.
    const qcInMiso = [
      submitQcBatch(ctx, settings.misoUrl),
      qcBatchLoginNotice(ctx, settings.misoUrl),
      confirmQcBatch(ctx, settings.misoUrl),
    ];
    for (const step of qcInMiso) step.catch((error: unknown) => console.error('[bao:qc-in-miso]', error));
  },
});
