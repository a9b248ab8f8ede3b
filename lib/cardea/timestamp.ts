import { FetchError } from '../net/failure';
import { parseJsonText, request, type RequestOptions } from '../net/fetch-json';
import { CardeaTimestamp } from './schema';

// Cardea's `/timestamp` says when it last loaded the ETL files. Before its first load (every restart)
// its controller returns null, which Spring writes as a 200 with an empty body, not the JSON `null`.
// Both mean "Cardea has not loaded its data yet", never "malformed".

/** The body of `/timestamp` as Cardea sends it: an ISO time, or null while Cardea has not loaded its data. */
export function parseCardeaTimestamp(text: string, url: string): string | null {
  if (text.trim() === '') return null;
  return parseJsonText(text, CardeaTimestamp, 'Cardea', url);
}

/** `GET {base}/timestamp`: the time of Cardea's data, or null before its first load. */
export async function readCardeaTimestamp(
  base: string,
  options: Omit<RequestOptions, 'system'> = {},
): Promise<string | null> {
  const url = `${base}/timestamp`;
  const response = await request(url, {
    ...options,
    system: 'Cardea',
    headers: { Accept: 'application/json', ...options.headers },
  });
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (error instanceof Error && error.name === 'TimeoutError')
      throw new FetchError({ kind: 'timeout', system: 'Cardea', url });
    throw new FetchError({
      kind: 'network',
      system: 'Cardea',
      url,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  return parseCardeaTimestamp(text, url);
}
