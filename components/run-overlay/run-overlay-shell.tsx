import type { ComponentChildren, Ref } from 'preact';

/** The frame every run overlay shares: a titled panel that says which run it is about. */
export function RunOverlayShell({ runName, children, rootRef }: { runName: string; children?: ComponentChildren; rootRef?: Ref<HTMLElement> }) {
  return (
    <section ref={rootRef} class="bao-panel" aria-label={`Bao QC for run ${runName}`}>
      <header class="bao-panel__header">
        <span class="bao-logo" aria-hidden="true">B</span>
        <h2 class="bao-panel__title">{runName}</h2>
        <span class="bao-panel__subtitle">Run QC · Bao</span>
      </header>
      <div class="bao-panel__body">{children ?? <p class="bao-muted">Loading QC data…</p>}</div>
    </section>
  );
}
