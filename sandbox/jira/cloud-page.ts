import { html, jsonForScript, SafeHtml } from './html';
import type { JiraState } from './state';
import type { JiraUser } from './users';

// A Cloud-like issue view: one HTML shell and a hand-written script that fetches the issue over REST and
// renders it with Cloud's `data-testid` hooks (docs/jira-and-nabu.md#jira-cloud-issue-page). Clicking another
// issue in the list re-renders in place and changes the URL with history.pushState, like Jira Cloud.

export const CLOUD_SCRIPT_PATH = '/jira/sandbox-assets/issue-view.js';

const CSS = `
body{margin:0;font:14px/1.43 -apple-system,"Segoe UI",Roboto,sans-serif;color:#172b4d}
.css-1x7wm3r{display:flex;min-height:100vh}
.css-9fr1kz{width:280px;border-right:1px solid #dfe1e6;padding:12px}.css-9fr1kz ul{list-style:none;padding:0}
.css-9fr1kz a{display:block;padding:4px;color:#0052cc;text-decoration:none}main{flex:1;padding:16px 24px}
.css-8u2xkp{display:flex;gap:24px}.css-1lkhh9r{flex:1}.css-zn3j9c{width:300px}
h1{font-size:24px;font-weight:500}
`;

export function renderCloudShell(jira: JiraState, user: JiraUser | undefined): string {
  const ctx = jira.options.contextPath;
  const config = { contextPath: ctx, project: jira.project.key, projectName: jira.project.name };
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Jira</title>
<meta name="application-name" content="Jira">
<style>${new SafeHtml(CSS)}</style>
<script type="application/json" id="sandbox-config">${jsonForScript(config)}</script>
<script src="${ctx}${CLOUD_SCRIPT_PATH}" defer></script>
</head>
<body id="jira" class="ak-css-reset" data-remote-user="${user?.displayName ?? ''}">
<div id="jira-frontend"><div class="css-1x7wm3r" data-testid="page-layout.root">
<nav class="css-9fr1kz" data-testid="sandbox.issue-list" aria-label="Issues"><h2>${jira.project.name}</h2><ul></ul></nav>
<main id="issue-view" data-testid="page-layout.main"></main>
</div></div>
</body>
</html>`.value;
}

/** Runs in the page. DOM building only (textContent), never innerHTML with data. */
export const CLOUD_SCRIPT = `(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('sandbox-config').textContent);
  const ctx = config.contextPath;
  const list = document.querySelector('[data-testid="sandbox.issue-list"] ul');
  const main = document.getElementById('issue-view');
  const ISSUE = 'issue.views.issue-base.foundation.';

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  async function getJson(path) {
    const response = await fetch(ctx + path, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }

  function currentKey() {
    const match = /\\/jira\\/browse\\/([A-Za-z][A-Za-z0-9_]*-\\d+)\\/?$/.exec(location.pathname);
    return match ? match[1].toUpperCase() : new URLSearchParams(location.search).get('selectedIssue');
  }

  function paragraphs(text) {
    return (text || '').split(/\\n\\s*\\n/).filter(Boolean).map((block) => h('p', {}, block));
  }

  // The details panel's Labels field: each label a link to its search, "None" when there are none.
  function labelsField(labels) {
    const links = labels.map((label) =>
      h('a', { href: ctx + '/issues/?jql=' + encodeURIComponent('labels = ' + label) }, h('span', {}, label)));
    return h('div', { 'data-testid': 'issue.views.field.labels' },
      h('h3', {}, 'Labels'), ...(links.length ? links : [h('span', {}, 'None')]));
  }

  function renderIssue(issue) {
    const f = issue.fields;
    const href = ctx + '/jira/browse/' + issue.key;
    const header = h('div', { id: 'jira-issue-header' },
      h('nav', { 'aria-label': 'Work item breadcrumbs' }, h('ol', { class: 'css-1h3zq9b' },
        h('li', {}, h('a', { href: ctx + '/jira/software/c/projects/' + config.project + '/issues' }, config.projectName)),
        h('li', { 'data-testid': ISSUE + 'breadcrumbs.breadcrumb-current-issue-container' },
          h('a', { 'data-testid': ISSUE + 'breadcrumbs.current-issue.item', href }, h('span', {}, issue.key))))));
    const left = h('div', { 'data-testid': 'issue.views.issue-details.issue-layout.container-left', class: 'css-1lkhh9r' },
      header,
      h('h1', { 'data-testid': ISSUE + 'summary.heading' }, f.summary),
      h('div', { 'data-testid': 'issue.views.field.rich-text.description' },
        h('div', { class: 'ak-renderer-document' }, ...paragraphs(f.description))));
    const right = h('div', { 'data-testid': 'issue.views.issue-details.issue-layout.container-right', class: 'css-zn3j9c' },
      h('button', { 'data-testid': ISSUE + 'status.status-field-wrapper', type: 'button' }, f.status.name),
      h('p', {}, 'Resolution: ', h('span', { 'data-testid': 'sandbox.resolution' }, f.resolution ? f.resolution.name : 'Unresolved')),
      labelsField(f.labels || []));
    document.title = '[' + issue.key + '] ' + f.summary + ' - Jira';
    return h('div', { 'data-testid': 'issue.views.issue-details.issue-layout.issue-layout', class: 'css-8u2xkp' }, left, right);
  }

  let generation = 0;
  async function show(key) {
    const mine = ++generation;
    main.replaceChildren();
    if (!key) return;
    try {
      const issue = await getJson('/rest/api/2/issue/' + encodeURIComponent(key) +
        '?fields=summary,description,status,resolution,labels');
      await new Promise((resolve) => setTimeout(resolve, 150)); // Cloud mounts the issue view late
      if (mine === generation) main.replaceChildren(renderIssue(issue));
    } catch (error) {
      const message = 'This issue could not be loaded (' + error.message + ').';
      if (mine === generation) main.replaceChildren(h('p', { 'data-testid': 'sandbox.issue-error' }, message));
    }
  }

  async function loadList() {
    const jql = 'project = ' + config.project + ' ORDER BY created DESC';
    const data = await getJson('/rest/api/3/search/jql?jql=' + encodeURIComponent(jql) + '&fields=summary&maxResults=100');
    list.replaceChildren(...data.issues.map((issue) => h('li', {},
      h('a', { href: ctx + '/jira/browse/' + issue.key, 'data-issue-key': issue.key }, issue.key + ' ' + issue.fields.summary))));
  }

  list.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-issue-key]');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    history.pushState({ key: link.dataset.issueKey }, '', link.href);
    show(link.dataset.issueKey);
  });
  addEventListener('popstate', () => show(currentKey()));
  loadList().catch(() => list.replaceChildren(h('li', {}, 'Issues could not be loaded.')));
  show(currentKey());
})();
`;
