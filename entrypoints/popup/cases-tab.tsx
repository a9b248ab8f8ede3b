import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CasesView } from '../../components/popup/cases/cases-view';
import { SignoffDialog } from '../../components/popup/cases/signoff-dialog';
import { submissionView } from '../../components/popup/cases/submission';
import '../../components/popup/cases/cases.css';
import type { CaseRecord } from '../../lib/cardea/records';
import type { SignoffChoice } from '../../lib/case-signoff/plan';
import {
  CasesQuery,
  type CasesPage,
  type OutboxView,
  type SignoffDraft,
  type SubmitResult,
} from '../../lib/case-signoff/schemas';
import { send } from '../../lib/messages';
import type { Result } from '../../lib/messages/define';
import { describeFailure, FetchError } from '../../lib/net/failure';
import { loadSettings } from '../../lib/storage';

// The Cases tab: asks the background for a page of cases (reading Nabu once when the popup opens),
// keeps the selection across pages, runs the sign-off dialog, and follows the outbox while anything
// is in it.

const QUERY_DELAY_MS = 150;
const POLL_ACTIVE_MS = 1000;
const POLL_IDLE_MS = 5000;

const messageOf = (error: unknown) =>
  error instanceof FetchError ? describeFailure(error.failure) : `Bao’s background did not answer: ${String(error)}`;

function valueOf<T>(answer: Result<T>): T {
  if (!answer.ok) throw new FetchError(answer.failure);
  return answer.value;
}

const SUBMIT_TRIES = 4;
const SUBMIT_RETRY_MS = 1000;

/**
 * Sends one press of Submit, again when the message got no answer (the browser stopped the worker while it handled
 * it). The submission id makes the background write it once however often it arrives (docs/case-signoffs.md#outbox).
 */
async function submitOnce(draft: Omit<SignoffDraft, 'submissionId'>): Promise<Result<SubmitResult>> {
  const submissionId = crypto.randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send('submitSignoffs', { ...draft, submissionId });
    } catch (error) {
      // A FetchError is an answer (the draft or the reply did not validate): sending again would not change it.
      if (error instanceof FetchError || attempt >= SUBMIT_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, SUBMIT_RETRY_MS));
    }
  }
}

export function CasesTab({
  dataVersion,
  onCount,
}: {
  /** Changes whenever the background commits new data. */
  dataVersion: string | null;
  onCount: (n: number) => void;
}) {
  const [query, setQuery] = useState<CasesQuery>(() => CasesQuery.parse({}));
  const [page, setPage] = useState<CasesPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlyMap<string, CaseRecord>>(new Map());
  // Each outbox view with the number of the request that read it: a view read before a submission's entries were
  // queued must not count them as confirmed (they are in neither its entries nor its recent results).
  const [seen, setSeen] = useState<{ view: OutboxView; asked: number } | null>(null);
  const asked = useRef(0);
  const outbox = seen?.view ?? null;
  const followOutbox = (task: () => Promise<Result<OutboxView>>): Promise<OutboxView> => {
    const number = ++asked.current;
    return task()
      .then(valueOf)
      .then((view) => {
        setSeen((current) => (current && current.asked > number ? current : { view, asked: number }));
        return view;
      });
  };
  const [dialog, setDialog] = useState<CaseRecord[] | null>(null);
  const [submitted, setSubmitted] = useState<{
    result: SubmitResult | null;
    error: string | null;
    /** Outbox requests made before the result came: their views predate its entries. */
    askedBefore?: number;
  } | null>(null);
  const [username, setUsername] = useState('');
  const [reload, setReload] = useState(0);
  const readNabu = useRef(true);

  useEffect(() => {
    void loadSettings().then(({ settings }) => setUsername(settings.displayName));
  }, []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const refreshNabu = readNabu.current;
      readNabu.current = false;
      send('getCases', { ...query, refreshNabu })
        .then(valueOf)
        .then((next) => {
          if (!live) return;
          setPage(next);
          setError(null);
          onCount(next.waitingCount);
        })
        .catch((e: unknown) => live && setError(messageOf(e)));
    }, QUERY_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, dataVersion, reload]);

  // Follow the outbox: often while something is in it or a submission runs, now and then otherwise.
  const busy = (outbox?.entries.length ?? 0) > 0 || (submitted !== null && submitted.result !== null);
  const known = useRef<number | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () =>
      followOutbox(() => send('getOutbox'))
        .then((next) => {
          if (!live) return;
          // An entry left the outbox: Nabu confirmed it, so the list has news.
          if (known.current !== undefined && next.entries.length < known.current) setReload((n) => n + 1);
          known.current = next.entries.length;
        })
        .catch(() => undefined);
    void load();
    const interval = setInterval(load, busy ? POLL_ACTIVE_MS : POLL_IDLE_MS);
    return () => {
      live = false;
      clearInterval(interval);
    };
  }, [busy]);

  const submission = useMemo(
    () =>
      submitted
        ? submissionView(
            submitted.result,
            seen && seen.asked > (submitted.askedBefore ?? 0) ? seen.view : null,
            submitted.error,
          )
        : null,
    [submitted, seen],
  );
  const lastState = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (submission?.state === 'saved' && lastState.current !== 'saved') setReload((n) => n + 1);
    lastState.current = submission?.state;
  }, [submission?.state]);

  const onSelect = (records: CaseRecord[], checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const r of records) {
        if (checked) next.set(r.id, r);
        else next.delete(r.id);
      }
      return next;
    });

  const onSubmit = (choice: SignoffChoice) => {
    setSubmitted({ result: null, error: null });
    submitOnce({ caseIds: [...selected.keys()], ...choice })
      .then(valueOf)
      .then((result) => {
        setSubmitted({ result, error: null, askedBefore: asked.current });
        void followOutbox(() => send('getOutbox')).catch(() => undefined);
      })
      .catch((e: unknown) => setSubmitted({ result: null, error: messageOf(e) }));
  };

  const onClose = () => {
    if (submission && submission.state !== 'refused') setSelected(new Map());
    setDialog(null);
    setSubmitted(null);
  };

  const outboxAction = (task: () => Promise<Result<OutboxView>>) =>
    void followOutbox(task).catch((e: unknown) => setError(messageOf(e)));

  const openOptions = () => void browser.runtime.openOptionsPage();

  return (
    <>
      <CasesView
        page={page}
        error={error}
        query={query}
        onQuery={setQuery}
        selected={selected}
        onSelect={onSelect}
        onClearSelection={() => setSelected(new Map())}
        onSignOff={() => setDialog([...selected.values()])}
        outbox={outbox?.entries ?? []}
        onRetry={(ids) => outboxAction(() => send('retryOutbox', { ids }))}
        onDiscard={(ids) => outboxAction(() => send('discardOutbox', { ids }))}
        onOpenOptions={openOptions}
      />
      {dialog && (
        <SignoffDialog
          cases={dialog}
          username={username}
          submission={submission}
          onSubmit={onSubmit}
          onClose={onClose}
          onOpenOptions={openOptions}
        />
      )}
    </>
  );
}
