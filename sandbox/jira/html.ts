import { Html } from '../html';

export { escapeHtml, html, Html as SafeHtml } from '../html';

/** JSON for a `<script type="application/json">` block: `<` is escaped so the data cannot close the tag. */
export function jsonForScript(data: unknown): Html {
  return new Html(JSON.stringify(data).replace(/</g, '\\u003c'));
}
