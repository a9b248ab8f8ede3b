import { z } from 'zod';

// Jira Cloud's v3 API speaks Atlassian Document Format. The sandbox stores wiki text and converts
// at the edge: paragraphs, hard breaks, `* ` bullets and `[text|url]` links survive the round trip.

export const AdfDoc = z.object({ type: z.literal('doc'), version: z.number().optional(), content: z.array(z.unknown()) });
export type AdfDoc = z.infer<typeof AdfDoc>;

const AdfNode = z.object({
  type: z.string(),
  text: z.string().optional(),
  content: z.array(z.unknown()).optional(),
  marks: z.array(z.object({ type: z.string(), attrs: z.object({ href: z.string() }).partial().optional() })).optional(),
});

interface AdfInline {
  type: 'text' | 'hardBreak';
  text?: string;
  marks?: { type: 'link'; attrs: { href: string } }[];
}

function inlineNodes(line: string): AdfInline[] {
  const nodes: AdfInline[] = [];
  let last = 0;
  for (const match of line.matchAll(/\[([^\]|]+)\|([^\]\s]+)\]/g)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push({ type: 'text', text: line.slice(last, index) });
    nodes.push({ type: 'text', text: match[1], marks: [{ type: 'link', attrs: { href: match[2] } }] });
    last = index + match[0].length;
  }
  if (last < line.length) nodes.push({ type: 'text', text: line.slice(last) });
  return nodes;
}

export function textToAdf(text: string | null): AdfDoc | null {
  if (text === null) return null;
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).filter((b) => b.length > 0);
  const content = blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => l.startsWith('* '))) {
      return {
        type: 'bulletList',
        content: lines.map((l) => ({ type: 'listItem', content: [{ type: 'paragraph', content: inlineNodes(l.slice(2)) }] })),
      };
    }
    const inline = lines.flatMap((l, i) => [...(i ? [{ type: 'hardBreak' as const }] : []), ...inlineNodes(l)]);
    return { type: 'paragraph', content: inline };
  });
  return { type: 'doc', version: 1, content };
}

function nodeText(value: unknown): string {
  const parsed = AdfNode.safeParse(value);
  if (!parsed.success) return '';
  const { type, text = '', content = [], marks = [] } = parsed.data;
  switch (type) {
    case 'text': {
      const href = marks.find((m) => m.type === 'link')?.attrs?.href;
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

export function adfToText(doc: AdfDoc): string {
  return nodeText(doc);
}
