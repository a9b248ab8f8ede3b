import { useEffect, useState } from 'preact/hooks';
import { send } from '../lib/messages';
import type { Result } from '../lib/messages/define';
import type { MisoBatchListing } from '../lib/messages/protocol';
import { describeFailure, FetchError } from '../lib/net/failure';

/** While Bao keeps a batch a MISO tab may deliver it at any moment: look again this often. */
const FOLLOW_MS = 3000;

const messageOf = (error: unknown) =>
  error instanceof FetchError ? describeFailure(error.failure) : `Bao’s background did not answer: ${String(error)}`;

function valueOf<T>(answer: Result<T>): T {
  if (!answer.ok) throw new FetchError(answer.failure);
  return answer.value;
}

export interface MisoBatches {
  batches: MisoBatchListing[];
  busy: ReadonlySet<string>;
  error: string | null;
  reopen: (batchId: string) => void;
  discard: (batchId: string) => void;
}

/** The QC-in-MISO batches Bao keeps: loaded when the popup opens, after each action, and followed while any is kept. */
export function useMisoBatches(): MisoBatches {
  const [batches, setBatches] = useState<MisoBatchListing[]>([]);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    send('listMisoBatches')
      .then(valueOf)
      .then(
        (next) => live && (setBatches(next), setLoadError(null)),
        (e: unknown) => live && setLoadError(messageOf(e)),
      );
    return () => {
      live = false;
    };
  }, [reload]);

  useEffect(() => {
    if (batches.length === 0) return;
    const timer = setTimeout(() => setReload((n) => n + 1), FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [batches]);

  const act = (batchId: string, action: () => Promise<Result<unknown>>) => {
    setBusy((ids) => new Set(ids).add(batchId));
    void action()
      .then(valueOf)
      .then(
        () => setActionError(null),
        (e: unknown) => setActionError(messageOf(e)),
      )
      .finally(() => {
        setBusy((ids) => new Set([...ids].filter((id) => id !== batchId)));
        setReload((n) => n + 1);
      });
  };

  return {
    batches,
    busy,
    error: actionError ?? loadError,
    reopen: (batchId) => act(batchId, () => send('reopenMisoBatch', { batchId })),
    discard: (batchId) => act(batchId, () => send('discardMisoBatch', { batchId })),
  };
}
