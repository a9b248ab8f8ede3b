import { html, SafeHtml } from './html';
import type { JiraUser } from './users';

// The chrome every Data Center page shares: the meta tags extensions read
// (docs/jira-and-nabu.md#jira-data-center-issue-page), the AUI body classes, and the header with the user
// menu.

export const DC_VERSION = '9.12.5';
export const DC_BUILD = '9120005';

const BASE_CSS = `
body{margin:0;font:14px/1.43 -apple-system,"Segoe UI",Roboto,sans-serif;color:#172b4d;background:#f4f5f7}
#header{background:#0747a6;color:#fff}.aui-header{display:flex;justify-content:space-between;padding:6px 16px}
.aui-header a{color:#fff;text-decoration:none}
.aui-nav{display:flex;gap:16px;list-style:none;margin:0;padding:0;align-items:center}
#content{padding:16px 24px}
.aui-page-panel{background:#fff;border:1px solid #dfe1e6;border-radius:3px;padding:16px 24px}
.aui-nav-breadcrumbs{font-size:13px}
.aui-nav-breadcrumbs li+li:before{content:"/";padding-right:8px;color:#6b778c}
h1#summary-val{font-size:24px;margin:4px 0 12px}
.aui-toolbar2-inner,.aui-toolbar2-primary{display:flex;gap:8px}
.aui-button{display:inline-block;padding:4px 10px;background:#f4f5f7;border:1px solid #dfe1e6;border-radius:3px;color:#172b4d;text-decoration:none}
.aui-button-primary{background:#0052cc;color:#fff}.aui-group.issue-body{display:flex;gap:24px;margin-top:16px}
.issue-main-column{flex:1;min-width:0}#viewissuesidebar{width:300px}.module{margin-bottom:20px}
.mod-header h4{font-size:14px;border-bottom:1px solid #dfe1e6;padding-bottom:4px}
.property-list{list-style:none;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:6px}
.property-list .name{display:inline-block;width:90px;color:#6b778c;font-weight:normal}
.full-width{grid-column:1/3}.labels{display:inline-flex;gap:4px;list-style:none;padding:0;margin:0}
.lozenge{background:#dfe1e6;border-radius:3px;padding:0 4px;font-size:12px;color:#172b4d;text-decoration:none}
.aui-lozenge{background:#dfe1e6;border-radius:3px;padding:0 4px;font-size:11px;font-weight:bold;text-transform:uppercase}
.activity-comment{border-top:1px solid #dfe1e6;padding:8px 0}.action-details{color:#6b778c;font-size:12px}
dl{margin:4px 0}dt{color:#6b778c}dd{margin:0}#footer{color:#6b778c;font-size:12px;padding:12px 24px}
form.aui .field-group{margin-bottom:10px}form.aui label{display:block}.aui-message-error{color:#de350b}
`;

/** `?hostile-css=1`: a page stylesheet that wrecks any overlay not isolated in a Shadow DOM. */
export const HOSTILE_CSS =
  '* { font: 30px serif !important; color: #f0f !important; background: #ff0 !important; box-sizing: content-box !important }\n' +
  'table, td, th { border: 6px dashed red !important }\n' +
  'div { padding: 20px !important }';

export interface PageFrame {
  title: string;
  site: string;
  contextPath: string;
  user: JiraUser | undefined;
  xsrfToken: string;
  bodyClass: string;
  issueKey?: string;
  hostileCss?: boolean;
  content: SafeHtml;
}

export function dcPage(frame: PageFrame): string {
  const { contextPath: ctx, user } = frame;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${frame.title}</title>
<meta name="application-name" content="JIRA" data-name="jira" data-version="${DC_VERSION}">
<meta name="ajs-base-url" content="${frame.site}">
<meta name="ajs-context-path" content="${ctx}">
<meta name="ajs-version-number" content="${DC_VERSION}">
<meta name="ajs-build-number" content="${DC_BUILD}">
${frame.issueKey ? html`<meta name="ajs-issue-key" content="${frame.issueKey}">` : ''}
<meta name="ajs-remote-user" content="${user?.name ?? ''}">
<meta name="ajs-remote-user-fullname" content="${user?.displayName ?? ''}">
<meta name="atlassian-token" content="${frame.xsrfToken}">
<style>${new SafeHtml(BASE_CSS)}</style>
${frame.hostileCss ? html`<style id="sandbox-hostile-css">${new SafeHtml(HOSTILE_CSS)}</style>` : ''}
</head>
<body id="jira" class="${frame.bodyClass}" data-version="${DC_VERSION}">
<div id="page">
<header id="header" role="banner">
<nav class="aui-header" aria-label="Site">
<div class="aui-header-primary"><ul class="aui-nav">
<li id="logo" class="aui-header-logo"><a href="${ctx}/secure/Dashboard.jspa">Jira</a></li>
<li><a id="browse_link" href="${ctx}/secure/Dashboard.jspa">Projects</a></li>
<li><a id="create_link" class="aui-button aui-button-primary" href="${ctx}/secure/Dashboard.jspa">Create</a></li>
</ul></div>
<div class="aui-header-secondary"><ul class="aui-nav">${
    user
      ? html`<li><a id="header-details-user-fullname" data-username="${user.name}" data-displayname="${user.displayName}" href="${ctx}/secure/Dashboard.jspa">${user.displayName}</a></li>
<li><a id="log_out" href="${ctx}/logout">Log out</a></li>`
      : html`<li><a class="login-link" href="${ctx}/login.jsp">Log In</a></li>`
  }</ul></div>
</nav>
</header>
<div id="content">
${frame.content}
</div>
<footer id="footer" role="contentinfo"><section class="footer-body">Atlassian Jira Project Management Software (v${DC_VERSION}#${DC_BUILD}) · sandbox</section></footer>
</div>
</body>
</html>`.value;
}

/** Jira's display format in the UTC sandbox, e.g. `22/Nov/26 7:43 AM`. */
export function displayDate(iso: string): string {
  const d = new Date(Date.parse(iso));
  const month = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  const hours = d.getUTCHours() % 12 || 12;
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${day}/${month}/${String(d.getUTCFullYear()).slice(2)} ${hours}:${minutes} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}
