/** The Cases tab: case sign-offs in Nabu (filled in by the case sign-off work). */
export function CasesTab(_props: { documentTimestamp: string | null; onCount: (n: number) => void }) {
  return <p class="bao-empty">No cases to show yet.</p>;
}
