import { html, Html } from '../html';
import type { MisoUser } from '../sessions';

// MISO's page frame (header.jsp / footer.jsp): `#pageHeader` with the logged-in banner, then
// `#content > #maincontent > #contentcolumn` (error pages have no `#contentcolumn`).

/** Used with `?hostile-css=1` to prove that an overlay's styles are isolated from the page's. */
export const HOSTILE_CSS = [
  '* { font: 30px serif !important; color: #f0f !important; background: #ff0 !important; box-sizing: content-box !important }',
  'table, td, th { border: 6px dashed red !important }',
  'div { padding: 20px !important }',
].join('\n');

export interface PageOptions {
  title: string;
  user?: MisoUser;
  body: Html;
  scripts?: string[];
  hostileCss?: boolean;
  /** False for MISO's error pages, which put their content straight into `#maincontent`. */
  contentColumn?: boolean;
}

export function layout({
  title,
  user,
  body,
  scripts = [],
  hostileCss = false,
  contentColumn = true,
}: PageOptions): string {
  const minutes = Math.floor(Date.now() / 60_000);
  const banner = user
    ? html`<div id="loggedInBanner">Logged in as: <b id="currentUser">${user.username}</b> | <a href="/logout">Logout</a></div>`
    : '';
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>${title} — MISO LIMS</title>
<link rel="stylesheet" href="/styles/style.css">
${hostileCss ? html`<style id="hostile-css">${new Html(HOSTILE_CSS)}</style>` : ''}
${user ? html`<script src="/constants.js?ts=${minutes}"></script>` : ''}
<script src="/scripts/lims.js"></script>
${scripts.map((src) => html`<script src="${src}"></script>`)}
</head>
<body>
<div id="pageHeader">
<div id="logo"><a href="/mainMenu">MISO</a> <span>LIMS</span></div>
${banner}
<nav id="navbar"><a href="/mainMenu">Home</a> <a href="/runs">Runs</a></nav>
</div>
<div id="content">
<div id="maincontent">
${
  contentColumn
    ? html`<div id="contentcolumn">
${body}
</div>`
    : body
}
</div>
</div>
<div id="footer">MISO LIMS (sandbox stand-in)</div>
</body>
</html>
`.value;
}

/**
 * handledError.jsp, MISO's HTML error page for UI paths (the generic /error page looks the same):
 * inside the usual frame, a `p.errorTitle` with the title and `div#flasherror` with the message.
 * It has no `h1` and no `#contentcolumn`, so a reader that waits for either never sees the error.
 */
export function errorPage(status: number, message: string, user?: MisoUser): string {
  const heading =
    status === 404
      ? 'Page Not Found'
      : status >= 500
        ? 'Server Error'
        : status === 405
          ? 'Method Not Allowed'
          : 'Bad Request';
  return layout({
    title: heading,
    user,
    contentColumn: false,
    body: html`<p class="errorTitle">${heading}</p>
<div id="flasherror">${message}</div>`,
  });
}
