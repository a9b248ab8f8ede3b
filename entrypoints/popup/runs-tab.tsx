/** The Runs tab: runs waiting for sign-off (filled in by the notifications work). */
export function RunsTab(_props: { documentTimestamp: string | null; onCount: (n: number) => void }) {
  return <p class="bao-empty">No runs to show yet.</p>;
}
