// A tiny HTML builder: every interpolated value is escaped unless it is already `Html`.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<td>${text}</td>\``. Arrays are joined; null, undefined and false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

/**
 * JSON as MISO's Jackson mapper writes it into pages: `<`, `>`, `&` and every non-ASCII character
 * as `\uXXXX` (miso.md §1.9), so it is safe inside a `<script>` and still valid JSON.
 */
export function jacksonJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** JSON for an inline script argument. */
export const scriptJson = (value: unknown): Html => new Html(jacksonJson(value));

/** `selected`/`disabled`-style boolean attributes. */
export const attr = (name: string, on: boolean): Html => new Html(on ? ` ${name}` : '');
