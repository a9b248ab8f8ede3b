import type { ComponentChildren, Ref } from 'preact';
import { useState } from 'preact/hooks';
import { copyWithNotice, type CopyText } from './host-actions';

export interface RunOverlayShellProps {
  runName: string;
  children?: ComponentChildren;
  rootRef?: Ref<HTMLElement>;
  /** Shows a Copy name button (Dimsum's header has one). */
  onCopy?: CopyText;
}

/** The frame every run overlay shares: a titled panel that says which run it is about. */
export function RunOverlayShell({ runName, children, rootRef, onCopy }: RunOverlayShellProps) {
  const [notice, setNotice] = useState('');
  const copy = onCopy && (() => void copyWithNotice(onCopy, runName).then(setNotice));
  return (
    <section ref={rootRef} class="bao-panel" aria-label={`Bao QC for run ${runName}`}>
      <header class="bao-panel__header">
        <span class="bao-logo" aria-hidden="true">
          B
        </span>
        <h2 class="bao-panel__title">{runName}</h2>
        {copy && (
          <button type="button" class="bao-button bao-button--small" data-bao="copy-run-name" onClick={copy}>
            Copy name
          </button>
        )}
        <span class="bao-panel__subtitle">Run QC · Bao</span>
        <span class="bao-muted" role="status" data-bao="copy-notice">
          {notice}
        </span>
      </header>
      <div class="bao-panel__body">{children ?? <p class="bao-muted">Loading QC data…</p>}</div>
    </section>
  );
}
