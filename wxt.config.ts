import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Builds used by `npm test` and `npm start` grant the sandbox's loopback hosts up front, because
// Playwright cannot click a permission prompt. Real builds only ask at run time, for the origins
// configured in the options page (see lib/permissions.ts).
const loopbackHosts = process.env.BAO_LOOPBACK_HOSTS === '1' ? ['http://localhost/*', 'http://127.0.0.1/*'] : [];

// Only in the Firefox manifest (Chromium warns about keys it does not know). The id is what
// addons.mozilla.org signs and what policies.json names to preset settings; 140 is the ESR line
// that knows the data-collection declaration. Bao sends nothing to its makers or to third parties:
// only to the lab's own Cardea, MISO, Jira and Nabu that the user or the administrator configures,
// hence `none`.
const firefoxSettings = {
  gecko: {
    id: 'bao@oicr.on.ca',
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['none'] },
  },
  // Firefox for Android learnt the declaration in 142 (Bao is for desktops; this only keeps the
  // manifest truthful, and web-ext lint quiet).
  gecko_android: { strict_min_version: '142.0' },
};

export default defineConfig({
  // BAO_OUT_DIR lets parallel work trees build side by side (EXTENSION_PATH then points the e2e tests there).
  outDir: process.env.BAO_OUT_DIR ?? '.output',
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Bao — QC sign-offs',
    description: 'Run and case QC sign-offs inside Jira and MISO, with a badge for what waits.',
    permissions: ['storage', 'alarms', 'scripting', 'unlimitedStorage'],
    host_permissions: loopbackHosts,
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    storage: { managed_schema: 'managed-schema.json' },
    action: { default_title: 'Bao' },
    ...(browser === 'firefox' ? { browser_specific_settings: firefoxSettings } : {}),
  }),
  // Test builds let the e2e tests open the overlays' shadow roots (lib/content-script/shadow-ui.ts).
  vite: () => ({
    plugins: [preact()],
    define: { __BAO_TEST_BUILD__: JSON.stringify(process.env.BAO_LOOPBACK_HOSTS === '1') },
  }),
});
