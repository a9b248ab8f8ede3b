import css from '../../../components/run-overlay/overlay.css?inline';
import { RunOverlay } from '../../../components/run-overlay/run-overlay';
import { useRunOverlay, type RunOverlaySource } from '../../../hooks/use-run-overlay';
import { isRunPage } from '../../../lib/miso/pages';
import { readRunPage } from '../../../lib/miso/read-run-page';
import { defineOverlay } from '../../../lib/content-script/feature';
import type { Settings } from '../../../lib/storage';

/** The run's QC table on MISO's Edit Run page, first in the Run-Libraries section. */
const RunTable = (source: RunOverlaySource) => <RunOverlay {...useRunOverlay(source)} />;

export const misoRunTable = (settings: Settings) =>
  defineOverlay<{ runName: string }>({
    id: 'miso-run-table',
    include: [isRunPage],
    locate: (doc) => {
      const page = readRunPage(doc);
      return page && { anchor: page.anchor, append: 'first', data: { runName: page.runName } };
    },
    attributes: ({ runName }) => ({ 'data-bao': 'run-table', 'data-run-name': runName }),
    render: ({ runName }) => <RunTable key={runName} runName={runName} host="miso" settings={settings} />,
    css,
  });

// Test URLs: http://localhost:PORT/run/alias/{run name} on `npm start`'s sandbox.
