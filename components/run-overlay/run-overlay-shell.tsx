import type { ComponentChildren } from 'preact';

/** The frame every run overlay shares: a titled panel that says which run it is about. */
export function RunOverlayShell({ runName, children }: { runName: string; children?: ComponentChildren }) {
  return (
    <section class="bao-panel" aria-label={`Bao QC for run ${runName}`}>
      <header class="bao-panel__header">
        <span class="bao-logo" aria-hidden="true">B</span>
        <h2 class="bao-panel__title">{runName}</h2>
      </header>
      <div class="bao-panel__body">{children ?? <p class="bao-muted">Loading QC data…</p>}</div>
    </section>
  );
}
