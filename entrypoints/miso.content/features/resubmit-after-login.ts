import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { send } from '../../../lib/messages';
import { submitMetricsForm } from '../../../lib/miso/qc-form';
import { describeFailure } from '../../../lib/net/failure';
import { plural } from '../../../lib/text';
import { mountNotice } from './mount-notice';

// QC in MISO across a login. A POST that meets an expired session is saved by MISO and, after the
// login, replayed as `GET /runlibraries/metrics?continue`, which MISO answers with a 405 error page:
// the form's data is lost. The batch is still kept, so this tab posts it again, once per landing,
// and the page that answers says it was sent again.

const RESENT_KEY = 'bao-qc-in-miso-resent';

/**
 * On the error page MISO shows after its login: sends this tab's batch again and returns true, or
 * returns false when this tab has nothing (left) to send, so the page is handled as a refusal.
 */
export async function resubmitAfterLogin(
  ctx: ContentScriptContext,
  misoUrl: string,
  anchor: Element,
): Promise<boolean> {
  const taken = await send('takeMisoBatch', {});
  if (!taken.ok) throw new Error(describeFailure(taken.failure));
  const batch = taken.value;
  if (!batch || ctx.isInvalid) return false;
  await mountNotice(ctx, {
    name: 'bao-qc-batch-banner',
    anchor,
    append: 'after',
    attributes: { 'data-bao': 'qc-batch-banner', 'data-state': 'resending', 'data-batch': batch.id },
    notice: {
      tone: 'info',
      message: `Bao: MISO’s login dropped QC in MISO for ${plural(batch.runLibraryIds.length, 'run-library', 'run-libraries')} of run ${batch.runName} (${batch.label}). Sending it again…`,
      detail:
        'MISO returns to an interrupted form without its data after a login, so the error above is not about the selection.',
    },
  });
  const posted = await send('misoBatchPosted', { batchId: batch.id });
  if (!posted.ok) throw new Error(describeFailure(posted.failure));
  if (!posted.value.found || ctx.isInvalid) return true;
  sessionStorage.setItem(RESENT_KEY, batch.id);
  submitMetricsForm(document, misoUrl, batch.request);
  return true;
}

/** Whether this tab sent `batchId` again after MISO's login (asked once, by the page that answers). */
export function takeResentMark(batchId: string): boolean {
  const resent = sessionStorage.getItem(RESENT_KEY) === batchId;
  sessionStorage.removeItem(RESENT_KEY);
  return resent;
}

// Test URLs: the sandbox's http://localhost:PORT/runlibraries/metrics?continue, after a POST met an expired session.
