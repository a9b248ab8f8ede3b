import { z } from 'zod';

// Jira Cloud's v3 API speaks Atlassian Document Format; the stand-in stores wiki text and converts at
// the edge, as Cloud renders a ticket written in wiki markup. The stand-in has its own converter on
// purpose: if it borrowed Bao's, a Bao that misread ADF would agree with itself and every test would
// pass. It understands what Dimsum's and the keeper's tickets use — paragraphs, line breaks, `* `
// bullet lines and `[text|url]` links — and reads any other node as its plain text.

/** The top of an ADF document; Cloud answers 400 to anything else where it expects one. */
export const AdfDoc = z.looseObject({
  type: z.literal('doc'),
  version: z.number().optional(),
  content: z.array(z.unknown()),
});
export type AdfDoc = z.infer<typeof AdfDoc>;

interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: AdfNode[];
}

const WIKI_LINK = /\[([^\]|]+)\|([^\]\s]+)\]/;

/** One line of wiki text as ADF inline nodes: plain runs, and links as text with a link mark. */
function inlineNodes(line: string): AdfNode[] {
  const nodes: AdfNode[] = [];
  let rest = line;
  for (let link = WIKI_LINK.exec(rest); link; link = WIKI_LINK.exec(rest)) {
    if (link.index > 0) nodes.push({ type: 'text', text: rest.slice(0, link.index) });
    nodes.push({ type: 'text', text: link[1]!, marks: [{ type: 'link', attrs: { href: link[2]! } }] });
    rest = rest.slice(link.index + link[0].length);
  }
  if (rest) nodes.push({ type: 'text', text: rest });
  return nodes;
}

function paragraph(lines: string[]): AdfNode {
  const content: AdfNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    content.push(...inlineNodes(line));
  });
  return { type: 'paragraph', content };
}

const isBullet = (line: string) => line.startsWith('* ');

/** Wiki text as Cloud would return it: blank lines part blocks; a block of `* ` lines is a list. */
export function textToAdf(text: string | null): AdfDoc | null {
  if (text === null) return null;
  const blocks = text
    .split(/\r?\n|\r/)
    .join('\n')
    .split(/\n\s*\n/)
    .map((block) => block.split('\n'))
    .filter((lines) => lines.some((line) => line.trim() !== ''));
  const content = blocks.map((lines): AdfNode =>
    lines.every(isBullet)
      ? {
          type: 'bulletList',
          content: lines.map((line) => ({ type: 'listItem', content: [paragraph([line.slice(2)])] })),
        }
      : paragraph(lines),
  );
  return { type: 'doc', version: 1, content };
}

const nodeOf = (value: unknown): AdfNode | undefined =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
    ? (value as AdfNode)
    : undefined;

const childrenOf = (node: AdfNode): AdfNode[] =>
  Array.isArray(node.content) ? node.content.flatMap((child) => nodeOf(child) ?? []) : [];

function wikiOf(node: AdfNode): string {
  const children = childrenOf(node);
  switch (node.type) {
    case 'text': {
      const text = typeof node.text === 'string' ? node.text : '';
      const link = node.marks?.find((mark) => mark.type === 'link');
      const href = link?.attrs?.href;
      return typeof href === 'string' ? `[${text}|${href}]` : text;
    }
    case 'hardBreak':
      return '\n';
    case 'bulletList':
    case 'orderedList': {
      const marker = node.type === 'bulletList' ? '*' : '#';
      return children.map((item) => `${marker} ${childrenOf(item).map(wikiOf).join('\n')}`).join('\n');
    }
    case 'doc':
      return children.map(wikiOf).join('\n\n');
    default:
      return children.map(wikiOf).join('');
  }
}

/** The wiki text the stand-in stores for a document a client sent. */
export function adfToText(doc: AdfDoc): string {
  return wikiOf({ type: 'doc', content: doc.content.flatMap((child) => nodeOf(child) ?? []) });
}
