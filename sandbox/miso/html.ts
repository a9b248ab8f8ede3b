import { Html } from '../html';

export { escapeHtml, html, Html } from '../html';

/**
 * JSON as MISO's Jackson mapper writes it into pages: `<`, `>`, `&` and every non-ASCII character
 * as `\uXXXX` (docs/qc-in-miso.md#run-library-metrics-page), so it is safe inside a `<script>` and still valid JSON.
 */
export function jacksonJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** JSON for an inline script argument. */
export const scriptJson = (value: unknown): Html => new Html(jacksonJson(value));

/** `selected`/`disabled`-style boolean attributes. */
export const attr = (name: string, on: boolean): Html => new Html(on ? ` ${name}` : '');
