import { z } from 'zod';
import type { AdfDocument } from './schema';

// Jira Cloud's v3 API takes and returns Atlassian Document Format, while the ticket text is wiki
// markup (docs/notifications-and-tickets.md#ticket-text). The keeper's text uses only paragraphs, line breaks, `* ` bullet lines
// and `[text|url]` links, so a minimal mapping both ways keeps it, and its ending state code, intact.

type Mark = { type: 'link'; attrs: { href: string } };
type Inline = { type: 'text'; text: string; marks?: Mark[] } | { type: 'hardBreak' };
type Block =
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'bulletList'; content: { type: 'listItem'; content: [{ type: 'paragraph'; content: Inline[] }] }[] };

// A link is an unescaped `[`; Cardea's strings in the text are backslash-escaped (wikiEscape), so a
// library named `[Open|https://x]` stays text in ADF as in wiki markup.
const LINK = /(?<!\\)\[([^\]|\\]+)\|([^\]\s\\]+)\]/g;

/** Wiki escapes (`\[`) are markup; ADF text carries the character itself. */
const unescapeWiki = (text: string) => text.replace(/\\(.)/gs, '$1');

function inline(line: string): Inline[] {
  const nodes: Inline[] = [];
  let last = 0;
  for (const match of line.matchAll(LINK)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push({ type: 'text', text: unescapeWiki(line.slice(last, at)) });
    nodes.push({ type: 'text', text: match[1], marks: [{ type: 'link', attrs: { href: match[2] } }] });
    last = at + match[0].length;
  }
  if (last < line.length) nodes.push({ type: 'text', text: unescapeWiki(line.slice(last)) });
  return nodes;
}

export function wikiToAdf(text: string): AdfDocument {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .filter((block) => block.trim().length > 0);
  const content: Block[] = blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith('* '))) {
      return {
        type: 'bulletList',
        content: lines.map((line) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: inline(line.slice(2)) }],
        })),
      };
    }
    const inlines = lines.flatMap((line, i): Inline[] => (i ? [{ type: 'hardBreak' }, ...inline(line)] : inline(line)));
    return { type: 'paragraph', content: inlines };
  });
  return { type: 'doc', version: 1, content };
}

const AdfNode = z.object({
  type: z.string(),
  text: z.string().optional(),
  content: z.array(z.unknown()).optional(),
  marks: z
    .array(z.object({ type: z.string(), attrs: z.object({ href: z.string().optional() }).optional() }))
    .optional(),
});

function nodeText(value: unknown): string {
  const parsed = AdfNode.safeParse(value);
  if (!parsed.success) return '';
  const { type, text = '', content = [], marks = [] } = parsed.data;
  switch (type) {
    case 'text': {
      const href = marks.find((mark) => mark.type === 'link')?.attrs?.href;
      return href ? `[${text}|${href}]` : text;
    }
    case 'hardBreak':
      return '\n';
    case 'bulletList':
      return content.map((item) => `* ${nodeText(item)}`).join('\n');
    case 'orderedList':
      return content.map((item) => `# ${nodeText(item)}`).join('\n');
    case 'doc':
      return content.map(nodeText).join('\n\n');
    case 'listItem':
      return content.map(nodeText).join('\n');
    default:
      return content.map(nodeText).join('');
  }
}

/** The wiki text of a Cloud document (what Data Center would have returned as a string). */
export function adfToWiki(doc: AdfDocument): string {
  return nodeText(doc);
}

/** Jira text of either flavour as wiki text. */
export function textOf(value: string | AdfDocument | null): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : adfToWiki(value);
}
