import { useEffect, useState } from 'preact/hooks';
import { send } from '../lib/messages';
import type { RunData } from '../lib/messages/protocol';
import { FetchError, type Failure } from '../lib/net/failure';
import { readCachedRun, readIndexSignal, saveCachedRun, watchIndexSignal, type IndexSignal } from '../lib/storage';
import type { OverlayView } from '../lib/run-table/overlay-view';
import {
  MAX_SAVED_CHARS,
  MAX_SAVED_ROWS,
  SavedRunData,
  packRunData,
  rememberRun,
  rememberedRun,
  unpackRunData,
} from '../lib/run-table/run-cache';
import type { FoundRunData } from '../lib/run-table/run-table-model';

// The run overlay's data: a saved copy at once (memory, then storage.local), the background's
// answer from its IndexedDB index as soon as it comes, and a new answer whenever the background
// publishes a new Cardea document or a change in its failure state. It never throws: failures
// become an OverlayView the components render.

type Answer = { ok: true; value: RunData } | { ok: false; failure: Failure };

async function askBackground(runName: string): Promise<Answer> {
  try {
    return await send('getRunData', { runName });
  } catch (error) {
    if (error instanceof FetchError) return { ok: false, failure: error.failure };
    return {
      ok: false,
      failure: {
        kind: 'internal',
        system: 'Bao',
        url: 'background worker',
        detail: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

const foundView = (data: FoundRunData, cached: boolean): OverlayView => ({
  kind: 'found',
  data,
  failure: data.failure,
  cached,
  refreshFailure: null,
});

/** The next view after an answer; a failed refresh keeps the rows already on screen. */
export function viewFromAnswer(answer: Answer, current: OverlayView, progress: IndexSignal['progress']): OverlayView {
  if (!answer.ok)
    return current.kind === 'found'
      ? { ...current, refreshFailure: answer.failure }
      : { kind: 'error', failure: answer.failure };
  const value = answer.value;
  switch (value.status) {
    case 'found':
      // The same Cardea document as the copy on screen: keep its rows (no second evaluation), just no longer "saved copy".
      if (
        current.kind === 'found' &&
        value.asOf !== null &&
        current.data.asOf === value.asOf &&
        current.data.stale === value.stale
      ) {
        return { ...current, failure: value.failure, cached: false, refreshFailure: null };
      }
      return foundView(value, false);
    case 'not-found':
      return {
        kind: 'not-found',
        runName: value.runName,
        asOf: value.asOf,
        stale: value.stale,
        failure: value.failure,
      };
    case 'not-indexed':
      return { kind: 'not-indexed', state: value.state, progress };
  }
}

const lastSaved = new Map<string, string | null>();

/** Saves a fresh answer for the next visit, once per Cardea document, and only when it is small enough to pay off. */
async function saveForNextVisit(runName: string, data: FoundRunData): Promise<void> {
  if (lastSaved.has(runName) && lastSaved.get(runName) === data.asOf) return;
  lastSaved.set(runName, data.asOf);
  if (data.lq.length + data.fd.length > MAX_SAVED_ROWS) return;
  const packed = packRunData(data);
  if (JSON.stringify(packed).length > MAX_SAVED_CHARS) return;
  await saveCachedRun(runName, data.asOf, packed);
}

async function readSaved(runName: string): Promise<FoundRunData | null> {
  const saved = await readCachedRun(runName, SavedRunData);
  if (!saved) return null;
  lastSaved.set(runName, saved.asOf);
  return unpackRunData(saved.data);
}

const signalKey = (signal: IndexSignal | null) => (signal ? `${signal.documentTimestamp}|${signal.failed}` : '');

export function useRunData(runName: string): OverlayView {
  const [view, setView] = useState<OverlayView>(() => {
    const remembered = rememberedRun(runName);
    return remembered ? foundView(remembered, true) : { kind: 'loading' };
  });

  useEffect(() => {
    let live = true;
    let answered = false;
    let asked = 0;
    let seen: string | null = null;
    let progress: IndexSignal['progress'] = null;

    const ask = async () => {
      const id = ++asked;
      const answer = await askBackground(runName);
      if (!live || id !== asked) return;
      answered = true;
      setView((current) => viewFromAnswer(answer, current, progress));
      if (answer.ok && answer.value.status === 'found') {
        rememberRun(runName, answer.value);
        saveForNextVisit(runName, answer.value).catch((error: unknown) =>
          console.warn('[bao:run-table] could not save the run for the next visit', error),
        );
      }
    };

    if (!rememberedRun(runName)) {
      readSaved(runName)
        .then((saved) => {
          if (live && !answered && saved) setView(foundView(saved, true));
        })
        .catch(() => undefined);
    }
    readIndexSignal()
      .then((signal) => {
        seen ??= signalKey(signal);
      })
      .catch(() => undefined);
    void ask();

    const unwatch = watchIndexSignal((signal) => {
      progress = signal?.progress ?? null;
      const key = signalKey(signal);
      if (key !== seen) {
        seen = key;
        void ask();
      } else {
        setView((current) =>
          current.kind === 'not-indexed' ? { ...current, state: signal?.state ?? current.state, progress } : current,
        );
      }
    });
    return () => {
      live = false;
      unwatch();
    };
  }, [runName]);

  return view;
}
