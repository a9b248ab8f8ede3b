export interface ConnectionResult {
  system: string;
  ok: boolean;
  detail: string;
}

/** One line per system; the word "OK" or "Problem" carries the outcome, colour only repeats it. */
export function ConnectionList({ results }: { results: readonly ConnectionResult[] }) {
  return (
    <ul class="connections" data-bao="connections">
      {results.map((r) => (
        <li key={r.system} data-system={r.system} data-ok={String(r.ok)} class={r.ok ? 'ok' : 'problem'}>
          <strong>{r.system}</strong> <span class="outcome">{r.ok ? 'OK' : 'Problem'}</span> <span>{r.detail}</span>
        </li>
      ))}
    </ul>
  );
}
