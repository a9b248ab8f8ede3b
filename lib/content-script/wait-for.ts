/**
 * Resolves with the first non-undefined value of `read()`, re-checked on every DOM change, or with
 * undefined after `timeoutMs` or when `signal` aborts. Host pages (Jira especially) render late.
 */
export function waitFor<T>(
  read: () => T | undefined,
  { signal, timeoutMs = 15_000 }: { signal: AbortSignal; timeoutMs?: number },
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const first = read();
    if (first !== undefined || signal.aborted) return resolve(first);
    const finish = (value: T | undefined) => {
      observer.disconnect();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const observer = new MutationObserver(() => {
      const value = read();
      if (value !== undefined) finish(value);
    });
    const onAbort = () => finish(undefined);
    const timer = setTimeout(() => finish(read()), timeoutMs);
    signal.addEventListener('abort', onAbort);
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
  });
}
