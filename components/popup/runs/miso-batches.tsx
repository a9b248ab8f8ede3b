import { useEffect, useRef, useState } from 'preact/hooks';
import type { MisoBatchListing } from '../../../lib/messages/protocol';
import { formatDateTime } from '../format';
import { plural } from '../../../lib/text';

// "QC in MISO" batches Bao still keeps because MISO has not shown them yet: what each is, where it
// got stuck, "Open in MISO again", and Discard (asked first, because the selection is then lost).

export interface MisoBatchesPanelProps {
  batches: readonly MisoBatchListing[];
  /** Batches whose action is under way: their buttons wait. */
  busy: ReadonlySet<string>;
  /** Why the last action failed. */
  error: string | null;
  onReopen: (batchId: string) => void;
  onDiscard: (batchId: string) => void;
}

export function batchStateText(batch: MisoBatchListing): string {
  switch (batch.state) {
    case 'waiting':
      return 'waiting for a MISO tab';
    case 'posted':
      return `sent, not yet shown by MISO${batch.stalled ? ' (stalled after 10 min)' : ''}`;
    case 'rejected':
      return `refused by MISO: ${batch.rejection ?? 'no message'}`;
  }
}

interface BatchLineProps extends Pick<MisoBatchesPanelProps, 'onReopen' | 'onDiscard'> {
  batch: MisoBatchListing;
  busy: boolean;
}

function BatchLine({ batch, busy, onReopen, onDiscard }: BatchLineProps) {
  const [confirming, setConfirming] = useState(false);
  const discardRef = useRef<HTMLButtonElement>(null);
  const noRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Keyboard users land on the safe answer, and back on Discard when they keep the batch.
  useEffect(() => {
    if (confirming) noRef.current?.focus();
    else if (asked.current) discardRef.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const describedBy = `bao-miso-batch-${batch.id}`;
  const state = batch.state === 'posted' && batch.stalled ? 'stalled' : batch.state;
  const shared = { disabled: busy, 'aria-describedby': describedBy };
  return (
    <li class="bao-miso-batches__line" data-batch-id={batch.id} data-state={state}>
      <span id={describedBy} class="bao-miso-batches__what" title={`Kept since ${formatDateTime(batch.createdAt)}`}>
        <strong>{batch.runName}</strong> · {batch.label} ·{' '}
        <span class="bao-miso-batches__count">
          {plural(batch.runLibraryIds.length, 'run-library', 'run-libraries')}
        </span>{' '}
        · <span class="bao-miso-batches__state">{batchStateText(batch)}</span>
      </span>
      <span class="bao-miso-batches__actions">
        {confirming ? (
          <span
            class="bao-miso-batches__confirm"
            role="group"
            aria-describedby={describedBy}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              event.stopPropagation();
              setConfirming(false);
            }}
          >
            <span>Discard? The selection is lost.</span>
            <button type="button" class="bao-button" disabled={busy} onClick={() => onDiscard(batch.id)}>
              Yes
            </button>
            <button type="button" class="bao-button" ref={noRef} onClick={() => setConfirming(false)}>
              No
            </button>
          </span>
        ) : (
          <>
            <button type="button" class="bao-button" {...shared} onClick={() => onReopen(batch.id)}>
              Open in MISO again
            </button>
            <button type="button" class="bao-button" {...shared} ref={discardRef} onClick={() => setConfirming(true)}>
              Discard
            </button>
          </>
        )}
      </span>
    </li>
  );
}

/** Shown above the runs table only while Bao keeps a batch. */
export function MisoBatchesPanel({ batches, busy, error, onReopen, onDiscard }: MisoBatchesPanelProps) {
  if (batches.length === 0) return null;
  return (
    <section
      class="bao-miso-batches"
      data-bao="miso-batches"
      data-count={batches.length}
      aria-labelledby="bao-miso-batches-title"
    >
      <h2 id="bao-miso-batches-title">QC in MISO waiting</h2>
      {error && (
        <p class="bao-miso-batches__error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {batches.map((batch) => (
          <BatchLine key={batch.id} batch={batch} busy={busy.has(batch.id)} onReopen={onReopen} onDiscard={onDiscard} />
        ))}
      </ul>
    </section>
  );
}
