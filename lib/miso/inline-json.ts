/**
 * MISO passes page data as literal arguments of inline script calls, e.g.
 * `FormUtils.createForm('runForm', 'save', {…}, 'run', {…})`. Content scripts run in an isolated
 * world and cannot see page globals, so they read the JSON text out of the script.
 *
 * Returns the text of the first JSON object or array that starts after `marker`, skipping `skip`
 * earlier ones at top level of the call.
 */
export function jsonArgumentAfter(source: string, marker: string, opener: '{' | '[', skip = 0): string | undefined {
  const at = source.indexOf(marker);
  if (at < 0) return undefined;
  let start = source.indexOf(opener, at + marker.length);
  for (let n = 0; start >= 0 && n <= skip; n++) {
    const end = matchingClose(source, start);
    if (end < 0) return undefined;
    if (n === skip) return source.slice(start, end + 1);
    start = source.indexOf(opener, end + 1);
  }
  return undefined;
}

function matchingClose(source: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The concatenated text of the page's inline scripts that contain `marker`. */
export function inlineScriptContaining(doc: Document, marker: string): string | undefined {
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const source = script.textContent ?? '';
    if (source.includes(marker)) return source;
  }
  return undefined;
}
