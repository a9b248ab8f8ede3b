// @vitest-environment node
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

// The layer rules live in eslint.config.js; these lint snippets under made-up paths, so they prove
// the rules catch a wrong import (with a message naming the rule) without a wrong file in the tree.

const eslint = new ESLint({ cwd: process.cwd() });

async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.message.includes('layers:')).map((m) => m.message);
}

describe('layer rules', () => {
  const wrong: [string, string, string][] = [
    ['components/popup/x.tsx', "export const load = () => fetch('/x');", 'layers: components/ make no requests'],
    ['components/x.ts', 'export const y = () => chrome.runtime.id;', 'layers: components/ must not use browser APIs'],
    [
      'components/x.ts',
      "export const y = () => localStorage.getItem('x');",
      'layers: components/ must not touch storage',
    ],
    ['lib/x.ts', "import { y } from '../components/y';", 'layers: lib/ must not import components/'],
    [
      'lib/background/x.ts',
      "import { browser } from 'wxt/browser';\nexport const y = () => browser.storage.session.set({});",
      'layers: only lib/storage.ts touches browser.storage',
    ],
    ['entrypoints/popup/x.ts', "import { storage } from 'wxt/utils/storage';", 'layers: only lib/storage.ts imports'],
    ['lib/qc/x.ts', "import { y } from '../../entrypoints/background/y';", 'layers: lib/ must not import entrypoints/'],
    [
      'components/popup/x.tsx',
      "import { browser } from 'wxt/browser';",
      'layers: components/ must not use browser APIs',
    ],
    ['components/x.ts', "import { storage } from 'wxt/utils/storage';", 'layers: components/ must not touch storage'],
    [
      'components/popup/x.tsx',
      "import { loadSettings } from '../../lib/storage';",
      'layers: components/ must not import lib/storage',
    ],
    [
      'components/popup/x.tsx',
      "import { openIndexReader } from '../../lib/db';",
      'layers: components/ must not import lib/db',
    ],
    [
      'components/popup/x.tsx',
      "import { send } from '../../lib/messages';",
      'layers: components/ must not import lib/messages',
    ],
    [
      'sandbox/jira/x.ts',
      "import { wikiToAdf } from '../../lib/jira/client-adf';",
      'layers: sandbox/ imports only types from lib/',
    ],
    [
      'entrypoints/jira.content/features/x.ts',
      "import { RUN_TABLE } from '../../../lib/miso/selectors';",
      "layers: Jira's content script",
    ],
    [
      'entrypoints/miso.content/features/x.ts',
      "import { readTicket } from '../../../lib/jira/read-ticket';",
      "layers: MISO's content script",
    ],
    [
      'server/x.ts',
      "import { RunTable } from '../components/run-overlay/run-table';",
      'layers: server/ may import lib/ but not components/',
    ],
    [
      'lib/run-table/x.ts',
      "import { useRunData } from '../../hooks/use-run-data';",
      'layers: lib/ must not import hooks/',
    ],
    [
      'components/run-overlay/x.tsx',
      "import { useRunData } from '../../hooks/use-run-data';",
      'layers: components/ must not import hooks/',
    ],
    [
      'hooks/x.ts',
      "import { RunOverlay } from '../components/run-overlay/run-overlay';",
      'layers: hooks/ import only types from components/',
    ],
  ];
  test.each(wrong)('%s: %s fails with the rule that says why', async (file, code, message) => {
    const messages = await layerMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(message);
  });

  const allowed: [string, string][] = [
    ['components/popup/x.tsx', "import type { PipelineStatus } from '../../lib/messages/protocol';"],
    ['components/options/x.tsx', "import type { Settings } from '../../lib/storage';"],
    ['components/x.ts', "import { plural } from '../lib/text';"],
    ['sandbox/cardea/x.ts', "import type { CaseDataInput } from '../../lib/cardea/schema';"],
    ['entrypoints/jira.content/features/x.ts', "import { readTicket } from '../../../lib/jira/read-ticket';"],
    ['server/x.ts', "import { RunSnapshot } from '../lib/snapshot/schema';"],
    ['entrypoints/popup/x.tsx', "import { RunsView } from '../../components/popup/runs-view';"],
    ['hooks/x.ts', "import type { RunOverlayProps } from '../components/run-overlay/run-overlay';"],
    ['hooks/x.ts', "import { send } from '../lib/messages';"],
  ];
  test.each(allowed)('%s: %s is allowed', async (file, code) => {
    expect(await layerMessages(file, code)).toEqual([]);
  });
});
