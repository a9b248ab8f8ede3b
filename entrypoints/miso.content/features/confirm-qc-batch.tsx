import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { send } from '../../../lib/messages';
import type { MisoBatchSummary } from '../../../lib/messages/protocol';
import { isReturnFromLogin, isRunLibraryMetrics } from '../../../lib/miso/pages';
import { readMetricsPage, type MetricsPageReading } from '../../../lib/miso/read-metrics-page';
import { waitFor } from '../../../lib/content-script/wait-for';
import { mountNotice } from './mount-notice';
import { plural } from '../../../lib/text';
import { resubmitAfterLogin, takeResentMark } from './resubmit-after-login';

// QC in MISO, step 3 of 3: MISO's answer to the POST. The Run-Library Metrics page showing the
// batch's run-libraries confirms it (the background deletes it); an error page, or a table MISO's
// script could not draw, keeps it, and the banner says why in MISO's words. The error page MISO
// shows after its login (`?continue`) is not a refusal: the batch is sent again.

const short = (text: string) => (text.length > 1900 ? `${text.slice(0, 1900)}…` : text);

/** The page as MISO's script left it: give an undrawn table a moment before calling it broken. */
async function readPage(ctx: ContentScriptContext): Promise<MetricsPageReading | undefined> {
  const first = await waitFor(() => readMetricsPage(document), { signal: ctx.signal });
  if (first?.kind !== 'table' || first.drawn) return first;
  const drawn = () => {
    const page = readMetricsPage(document);
    return page?.kind === 'table' && page.drawn ? page : undefined;
  };
  return (await waitFor(drawn, { signal: ctx.signal, timeoutMs: 3_000 })) ?? first;
}

function refusal(page: MetricsPageReading): string | undefined {
  if (page.kind === 'error')
    return page.heading && page.heading !== page.message ? `${page.message} (${page.heading})` : page.message;
  if (page.drawn) return undefined;
  const missing = page.missingValues.length > 0 ? `: no value for ${page.missingValues.slice(0, 5).join('; ')}` : '';
  return `MISO could not draw the table${missing}`;
}

export async function confirmQcBatch(ctx: ContentScriptContext, misoUrl: string): Promise<void> {
  if (!isRunLibraryMetrics.test()) return;
  const page = await readPage(ctx);
  if (!page || ctx.isInvalid) return;
  if (page.kind === 'error' && isReturnFromLogin() && (await resubmitAfterLogin(ctx, misoUrl, page.anchor))) return;
  const anchor = page.kind === 'table' ? page.table : page.anchor;
  const append = page.kind === 'table' ? 'before' : 'after';
  const show = (batch: MisoBatchSummary, state: string, tone: 'info' | 'error', message: string, detail: string) =>
    mountNotice(ctx, {
      name: 'bao-qc-batch-banner',
      anchor,
      append,
      attributes: { 'data-bao': 'qc-batch-banner', 'data-state': state, 'data-batch': batch.id },
      notice: { tone, message, detail },
    });

  const refused = refusal(page);
  if (refused !== undefined) {
    const answer = await send('misoBatchRejected', { message: short(refused) });
    if (!answer.ok || !answer.value) return;
    const batch = answer.value;
    await show(
      batch,
      'rejected',
      'error',
      `Bao: MISO did not take QC in MISO for ${plural(batch.runLibraryIds.length, 'run-library', 'run-libraries')} of run ${batch.runName} (${batch.label}): ${refused}`,
      'Bao keeps the selection; its popup lists it, to try again or discard.',
    );
    return;
  }
  if (page.kind !== 'table') return;
  const answer = await send('misoBatchDelivered', { runLibraryIds: page.runLibraryIds });
  if (!answer.ok || !answer.value) return;
  const batch = answer.value;
  const resent = takeResentMark(batch.id)
    ? ' Bao sent them again after MISO’s login, which had dropped the first form.'
    : '';
  await show(
    batch,
    'delivered',
    'info',
    `Bao: ${plural(batch.runLibraryIds.length, 'run-library', 'run-libraries')} from run ${batch.runName} (${batch.label}). Set the statuses here, then Save All.${resent}`,
    '“QC All Run-Libraries” sets every row at once (MISO’s manual calls it “Set All Run-Libraries”).',
  );
}

// Test URLs: the sandbox's http://localhost:PORT/runlibraries/metrics, reached by the POST of submit-qc-batch
// (or with ?continue after MISO's login).
