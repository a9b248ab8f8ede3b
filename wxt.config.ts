import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Builds used by `npm test` and `npm start` grant the sandbox's loopback hosts up front, because
// Playwright cannot click a permission prompt. Real builds only ask at run time, for the origins
// configured in the options page (see lib/permissions.ts).
const loopbackHosts = process.env.BAO_LOOPBACK_HOSTS === '1' ? ['http://localhost/*', 'http://127.0.0.1/*'] : [];

export default defineConfig({
  // BAO_OUT_DIR lets parallel work trees build side by side (EXTENSION_PATH then points the e2e tests there).
  outDir: process.env.BAO_OUT_DIR ?? '.output',
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: {
    name: 'Bao — QC sign-offs',
    description: 'Run and case QC sign-offs inside Jira and MISO, with a badge for what waits.',
    permissions: ['storage', 'alarms', 'scripting', 'unlimitedStorage'],
    host_permissions: loopbackHosts,
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    storage: { managed_schema: 'managed-schema.json' },
    action: { default_title: 'Bao' },
  },
  vite: () => ({ plugins: [preact()] }),
});
