import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { send } from '../../../lib/messages';
import { isMisoLogin } from '../../../lib/miso/pages';
import { queryMiso } from '../../../lib/miso/selectors';
import { mountNotice } from './mount-notice';
import { misoBatchUrl } from '../../../lib/miso/pages';
import { plural } from '../../../lib/text';

/** On MISO's login page, in a tab with a batch waiting: say why the user is here and what happens next. */
export async function qcBatchLoginNotice(ctx: ContentScriptContext, misoUrl: string): Promise<void> {
  if (!isMisoLogin.test()) return;
  const taken = await send('takeMisoBatch', {});
  if (!taken.ok || !taken.value || ctx.isInvalid) return;
  const batch = taken.value;
  const form = queryMiso(document, 'loginForm');
  await mountNotice(ctx, {
    name: 'bao-qc-batch-notice',
    anchor: form ?? document.body,
    append: form ? 'before' : 'first',
    attributes: { 'data-bao': 'qc-batch-notice', 'data-batch': batch.id },
    notice: {
      tone: 'info',
      message: `Log in to MISO to continue: QC in MISO for ${plural(batch.runLibraryIds.length, 'run-library', 'run-libraries')} of run ${batch.runName} is waiting.`,
      detail: `${batch.label}. Bao keeps the selection until MISO shows it.`,
      action: { href: misoBatchUrl(misoUrl, batch.id), label: 'Logged in already (in another tab)? Continue' },
    },
  });
}

// Test URLs: the sandbox's http://localhost:PORT/login, reached from /mainMenu?baoBatch={id} without a session.
