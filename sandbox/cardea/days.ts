/** Dates are days before the epoch; the document's timestamp is on the epoch day. */
const EPOCH_MS = Date.UTC(2026, 8, 1);
const DAY_MS = 86_400_000;

export const TIMESTAMP = new Date(EPOCH_MS + 10 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

// Cached, so a million dates are a few hundred strings.
const dates = new Map<number, string>();

/** `YYYY-MM-DD`, `daysBefore` days before the epoch. */
export function dayDate(daysBefore: number): string {
  let text = dates.get(daysBefore);
  if (text === undefined) {
    text = new Date(EPOCH_MS - daysBefore * DAY_MS).toISOString().slice(0, 10);
    dates.set(daysBefore, text);
  }
  return text;
}
