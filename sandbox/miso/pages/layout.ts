import { html, Html } from '../html';
import type { MisoUser } from '../sessions';

// MISO's page frame (header.jsp / footer.jsp): `#pageHeader` with the logged-in banner, then
// `#content > #maincontent > #contentcolumn`.

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
}

export function layout({ title, user, body, scripts = [], hostileCss = false }: PageOptions): string {
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
<div id="contentcolumn">
${body}
</div>
</div>
</div>
<div id="footer">MISO LIMS (sandbox stand-in)</div>
</body>
</html>
`.value;
}

/** handledError.jsp: the HTML error page of UI paths (miso.md §7 pitfall 25). */
export function errorPage(status: number, message: string, user?: MisoUser): string {
  const heading = status === 404 ? 'Page Not Found' : status >= 500 ? 'Server Error' : status === 405 ? 'Method Not Allowed' : 'Bad Request';
  return layout({
    title: heading,
    user,
    body: html`<h1>${heading}</h1>
<div class="error-message"><p id="errorMessage">${message}</p></div>`,
  });
}
