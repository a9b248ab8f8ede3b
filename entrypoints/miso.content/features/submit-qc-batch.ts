import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { send } from '../../../lib/messages';
import {
  BATCH_PARAM,
  isMainMenu,
  isMisoLogin,
  isRunLibraryMetrics,
  misoBatchUrl,
  RELOGIN_PARAM,
} from '../../../lib/miso/pages';
import { checkMisoSession, submitMetricsForm } from '../../../lib/miso/qc-form';
import { describeFailure } from '../../../lib/net/failure';

// QC in MISO, step 2 of 3: the MISO tab Bao opened (`/mainMenu?baoBatch={id}`) fetches its batch
// from the background and posts it to /runlibraries/metrics itself, same-origin, so the session
// cookie goes along. After MISO's login page the parameter may be gone: the tab then asks for the
// batch assigned to it.

export async function submitQcBatch(ctx: ContentScriptContext, misoUrl: string): Promise<void> {
  const url = new URL(location.href);
  const batchId = url.searchParams.get(BATCH_PARAM) ?? undefined;
  if (isMisoLogin.test(url) || isRunLibraryMetrics.test(url)) return;
  if (!isMainMenu.test(url) && batchId === undefined) return;

  const taken = await send('takeMisoBatch', batchId === undefined ? {} : { batchId });
  if (!taken.ok) throw new Error(describeFailure(taken.failure));
  const batch = taken.value;
  // Testability: this tab asked and there was nothing for it to submit.
  if (!batch) document.documentElement.setAttribute('data-bao-batch', 'none');
  if (!batch || ctx.isInvalid) return;

  if ((await checkMisoSession(misoUrl)) === 'expired' && !url.searchParams.has(RELOGIN_PARAM)) {
    // A POST without a session is lost at the login page; a GET is what MISO returns to after login.
    location.replace(misoBatchUrl(misoUrl, batch.id, true));
    return;
  }
  const posted = await send('misoBatchPosted', { batchId: batch.id });
  if (!posted.ok) throw new Error(describeFailure(posted.failure));
  if (!posted.value.found || ctx.isInvalid) return;
  submitMetricsForm(document, misoUrl, batch.request);
}

// Test URLs: the sandbox's http://localhost:PORT/mainMenu?baoBatch={id}, opened by the background.
