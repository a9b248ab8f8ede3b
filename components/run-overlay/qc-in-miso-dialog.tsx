import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Sample } from '../../lib/cardea/schema';
import { MAX_FORM_BODY_BYTES, planQcInMiso, type QcInMisoGrouping, type QcInMisoPlan } from '../../lib/miso/qc-in-miso';
import { describeFailure, type Failure } from '../../lib/net/failure';
import type { OpenQcInMiso } from '../../lib/run-table/overlay-view';
import type { AssaysById } from '../../lib/qc/applicability';
import type { TableCategory } from '../../lib/run-table/run-table-model';
import { plural } from '../../lib/text';

export interface QcInMisoDialogProps {
  /** Named in the dialog, so the user sees which run MISO will get before anything is sent. */
  runName: string;
  tableTitle: string;
  category: TableCategory;
  samples: Sample[];
  assaysById: AssaysById;
  grouping: QcInMisoGrouping;
  onOpen: OpenQcInMiso;
  onClose: () => void;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

type Phase =
  { kind: 'confirm' } | { kind: 'opening' } | { kind: 'opened'; opened: number } | { kind: 'failed'; message: string };

function makePlan(props: QcInMisoDialogProps): { plan: QcInMisoPlan } | { error: string } {
  try {
    return {
      plan: planQcInMiso({
        samples: props.samples,
        category: props.category,
        assaysById: props.assaysById,
        grouping: props.grouping,
      }),
    };
  } catch (error) {
    const failure: Failure = {
      kind: 'internal',
      system: 'Bao',
      url: 'QC in MISO planner',
      detail: error instanceof Error ? error.message : String(error),
    };
    return { error: describeFailure(failure) };
  }
}

/** Says what "QC in MISO" will open (one MISO page per group) and what it leaves out, before opening anything. */
export function QcInMisoDialog(props: QcInMisoDialogProps) {
  const { tableTitle, samples, onOpen, onClose } = props;
  const made = useMemo(() => makePlan(props), [props.samples, props.category, props.assaysById, props.grouping]);
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const ref = useRef<HTMLDivElement>(null);
  const headingId = `bao-qc-dialog-${props.category}`;

  useEffect(() => {
    const root = ref.current?.getRootNode() as Document | ShadowRoot | undefined;
    const previous = root?.activeElement as HTMLElement | null | undefined;
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => previous?.focus?.({ preventScroll: true });
  }, []);
  useEffect(() => {
    if (phase.kind === 'opened' || phase.kind === 'failed')
      ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [phase.kind]);

  const plan = 'plan' in made ? made.plan : null;
  const names = useMemo(
    () => new Map(samples.map((s) => [s.id, `${s.name} (L${s.sequencingLane ?? '?'})`])),
    [samples],
  );
  const open = async () => {
    if (!plan?.batches.length) return;
    setPhase({ kind: 'opening' });
    try {
      const outcome = await onOpen(plan.batches, props.category);
      setPhase(
        outcome.ok
          ? { kind: 'opened', opened: outcome.opened }
          : { kind: 'failed', message: describeFailure(outcome.failure) },
      );
    } catch (error) {
      setPhase({
        kind: 'failed',
        message: describeFailure({ kind: 'internal', system: 'Bao', url: 'QC in MISO', detail: String(error) }),
      });
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab') {
      trapTab(event, ref.current);
    } else {
      // Keys typed in the dialog are not grid shortcuts.
      event.stopPropagation();
    }
  };

  const finished = phase.kind === 'opened' || phase.kind === 'failed';
  const canOpen = !!plan && plan.batches.length > 0 && !finished;
  return (
    <div class="bao-modal" onKeyDown={onKeyDown}>
      <div
        ref={ref}
        class="bao-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        data-bao="qc-in-miso-dialog"
      >
        <h3 id={headingId} class="bao-dialog__title">
          QC in MISO
        </h3>
        <p>
          {plural(samples.length, 'library', 'libraries')} selected in {tableTitle} of run{' '}
          <strong data-bao="qc-run-name">{props.runName}</strong>.
        </p>
        {'error' in made && (
          <p class="bao-banner bao-banner--error" role="alert">
            {made.error}
          </p>
        )}
        {plan && plan.batches.length > 0 && (
          <section aria-label="MISO pages to open">
            <p>
              Bao will open {plural(plan.batches.length, 'MISO page', 'MISO pages')}
              {props.grouping === 'by-assay-and-design' && plan.batches.length > 1 && plan.split.length === 0
                ? ', one per assay and library design'
                : ''}
              :
            </p>
            <ul class="bao-dialog__list" data-bao="qc-batches">
              {plan.batches.map((batch) => (
                <li key={batch.label}>
                  <strong>{batch.label}</strong>: {plural(batch.runLibraryIds.length, 'library', 'libraries')}
                </li>
              ))}
            </ul>
            {plan.split.map((split) => (
              <p key={split.label} data-bao="qc-split">
                <strong>{split.label}</strong> is sent as {split.pages} MISO pages because its form (
                {megabytes(split.bytes)}) would be larger than MISO’s server takes at once (2 MB unless the lab changed
                it; Bao sends at most {megabytes(MAX_FORM_BODY_BYTES)} a page).
              </p>
            ))}
          </section>
        )}
        {plan && plan.batches.length === 0 && (
          <p class="bao-banner bao-banner--warning" role="alert">
            Nothing can be sent to MISO:{' '}
            {samples.length === 0 ? 'no library is selected.' : 'every selected library is left out (reasons below).'}
          </p>
        )}
        {plan && plan.leftOut.length > 0 && (
          <section aria-label="Left out">
            <p>Left out ({plan.leftOut.length}):</p>
            <ul class="bao-dialog__list" data-bao="qc-left-out">
              {plan.leftOut.map((item) => (
                <li key={item.runLibraryId}>
                  <strong>{item.name}</strong>: {item.reason}
                </li>
              ))}
            </ul>
          </section>
        )}
        {plan && plan.droppedMetrics.length > 0 && (
          <section aria-label="Metric lines not sent">
            <p>Metric lines not sent ({plan.droppedMetrics.length}):</p>
            <ul class="bao-dialog__list">
              {plan.droppedMetrics.map((item) => (
                <li key={`${item.runLibraryId}|${item.title}`}>
                  <strong>{names.get(item.runLibraryId) ?? item.runLibraryId}</strong>, {item.title}: {item.reason}
                </li>
              ))}
            </ul>
          </section>
        )}
        {phase.kind === 'opened' && (
          <p class="bao-banner bao-banner--ok" role="status">
            Opened {plural(phase.opened, 'MISO tab', 'MISO tabs')}.
          </p>
        )}
        {phase.kind === 'failed' && (
          <p class="bao-banner bao-banner--error" role="alert">
            {phase.message}
          </p>
        )}
        <div class="bao-dialog__actions">
          {canOpen ? (
            <>
              <button
                type="button"
                class="bao-button bao-button--primary"
                data-autofocus=""
                disabled={phase.kind === 'opening'}
                onClick={open}
              >
                {phase.kind === 'opening' ? 'Opening…' : 'Open in MISO'}
              </button>
              <button type="button" class="bao-button" onClick={onClose}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" class="bao-button" data-autofocus="" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

function trapTab(event: KeyboardEvent, dialog: HTMLElement | null): void {
  const focusable = [
    ...(dialog?.querySelectorAll<HTMLElement>('button:not([disabled]), a[href], input, [tabindex="0"]') ?? []),
  ];
  if (!focusable.length) return;
  const root = dialog?.getRootNode() as Document | ShadowRoot;
  const current = root.activeElement;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && current === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && current === last) {
    event.preventDefault();
    first.focus();
  }
}
