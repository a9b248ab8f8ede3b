import { html, type SafeHtml } from './html';

// Just enough of Jira's wiki renderer for Dimsum's ticket text: paragraphs, `* ` bullets and
// `[text|url]` links. Everything else is shown as typed (escaped).

const LINK = /\[([^\]|]+)\|([^\]\s]+)\]/g;

function inline(text: string): SafeHtml {
  const parts: unknown[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const [whole, label, url] = match;
    const index = match.index ?? 0;
    parts.push(text.slice(last, index));
    parts.push(
      /^(https?:\/\/|\/)/i.test(url) ? html`<a href="${url}" class="external-link" rel="nofollow">${label}</a>` : whole,
    );
    last = index + whole.length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

function block(lines: string[]): SafeHtml[] {
  const out: SafeHtml[] = [];
  let paragraph: string[] = [];
  let bullets: string[] = [];
  const flush = () => {
    if (paragraph.length)
      out.push(html`<p>${paragraph.map((line, i) => html`${i ? html`<br>` : ''}${inline(line)}`)}</p>`);
    if (bullets.length)
      out.push(html`<ul class="alternate" type="disc">${bullets.map((b) => html`<li>${inline(b)}</li>`)}</ul>`);
    paragraph = [];
    bullets = [];
  };
  for (const line of lines) {
    if (line.startsWith('* ')) {
      if (paragraph.length) flush();
      bullets.push(line.slice(2));
    } else {
      if (bullets.length) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out;
}

export function renderWiki(text: string | null): SafeHtml {
  if (!text) return html``;
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  return html`${blocks.map((b) => block(b.split('\n')))}`;
}
