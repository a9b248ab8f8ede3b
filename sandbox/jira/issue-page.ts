import { html, SafeHtml } from './html';
import { dcPage, displayDate } from './page-layout';
import type { JiraIssueRecord, JiraState } from './state';
import type { JiraUser } from './users';
import { renderWiki } from './wiki';
import { STATUS_CATEGORIES, STATUSES, transitionsFrom } from './workflow';

// The Data Center issue view (`/browse/KEY`) with the ids and classes extensions hook into
// (docs/jira-and-nabu.md#jira-data-center-issue-page): #key-val, #summary-val, the ops toolbar,
// #details-module, #description-val, #activitymodule and the #viewissuesidebar column.

export interface IssuePageOptions {
  site: string;
  user: JiraUser;
  xsrfToken: string;
  hostileCss: boolean;
  /** Render the issue 500 ms after `load`, like a slow Jira page. */
  late: boolean;
}

const LATE_SCRIPT = new SafeHtml(`<script>
addEventListener('load', () => setTimeout(() => {
  const template = document.getElementById('sandbox-late-issue');
  document.getElementById('content').appendChild(template.content.cloneNode(true));
  template.remove();
}, 500));
</script>`);

const time = (iso: string) => html`<time class="livestamp" datetime="${iso}">${displayDate(iso)}</time>`;

function header(issue: JiraIssueRecord, jira: JiraState) {
  const ctx = jira.options.contextPath;
  const transitions = transitionsFrom(issue.status);
  return html`<header id="stalker" class="issue-header js-stalker"><div class="issue-header-content">
<div class="aui-page-header"><div class="aui-page-header-inner">
<div class="aui-page-header-image"><span class="aui-avatar aui-avatar-large aui-avatar-project"><span class="aui-avatar-inner">${jira.project.key}</span></span></div>
<div class="aui-page-header-main">
<ol class="aui-nav aui-nav-breadcrumbs">
<li><a id="project-name-val" href="${ctx}/browse/${jira.project.key}">${jira.project.name}</a></li>
<li><a class="issue-link" data-issue-key="${issue.key}" href="${ctx}/browse/${issue.key}" id="key-val" rel="${issue.id}">${issue.key}</a></li>
</ol>
<h1 id="summary-val">${issue.summary}</h1>
</div></div></div>
<div class="command-bar"><div class="ops-cont"><div class="ops-menus aui-toolbar2"><div class="aui-toolbar2-inner">
<div class="aui-toolbar2-primary">
<div id="opsbar-edit-issue_container" class="aui-buttons pluggable-ops"><a id="edit-issue" class="issueaction-edit-issue aui-button toolbar-trigger" href="#"><span class="trigger-label">Edit</span></a></div>
<div id="opsbar-comment-issue_container" class="aui-buttons pluggable-ops"><a id="comment-issue" class="issueaction-comment-issue aui-button toolbar-trigger" href="#"><span class="trigger-label">Comment</span></a></div>
<div id="opsbar-opsbar-transitions" class="aui-buttons pluggable-ops">${transitions.map(
    (t) =>
      html`<a id="action_id_${t.id}" class="issueaction-workflow-transition aui-button toolbar-trigger" href="#"><span class="trigger-label">${t.name}</span></a>`,
  )}</div>
</div>
<div class="aui-toolbar2-secondary"><div id="opsbar-jira.issue.tools" class="aui-buttons pluggable-ops"></div></div>
</div></div></div></div>
</div></header>`;
}

function details(issue: JiraIssueRecord, jira: JiraState) {
  const ctx = jira.options.contextPath;
  const category = STATUS_CATEGORIES[STATUSES[issue.status].category];
  const labelsId = `labels-${issue.id}-value`;
  const labels = issue.labels.length
    ? html`<ul class="labels" id="${labelsId}">${issue.labels.map(
        (l) =>
          html`<li><a class="lozenge" href="${ctx}/issues/?jql=${encodeURIComponent(`labels = ${l}`)}" title="${l}"><span>${l}</span></a></li>`,
      )}</ul>`
    : html`<span class="labels" id="${labelsId}">None</span>`;
  return html`<div id="details-module" class="module toggle-wrap">
<div id="details-module_heading" class="mod-header"><h4 class="toggle-title">Details</h4></div>
<div class="mod-content"><ul id="issuedetails" class="property-list two-cols">
<li class="item"><div class="wrap"><strong class="name">Type:</strong><span id="type-val" class="value">${issue.issueType}</span></div></li>
<li class="item item-right"><div class="wrap"><strong class="name">Status:</strong><span id="status-val" class="value"><span class="jira-issue-status-lozenge aui-lozenge jira-issue-status-lozenge-${category.colorName} jira-issue-status-lozenge-${category.key}">${issue.status}</span></span></div></li>
<li class="item"><div class="wrap"><strong class="name">Priority:</strong><span id="priority-val" class="value">Medium</span></div></li>
<li class="item item-right"><div class="wrap"><strong class="name">Resolution:</strong><span id="resolution-val" class="value ${issue.resolution ? 'resolved' : 'unresolved'}">${issue.resolution ?? 'Unresolved'}</span></div></li>
<li class="item full-width"><div class="wrap" id="wrap-labels"><strong class="name">Labels:</strong><div class="labels-wrap value">${labels}</div></div></li>
</ul></div></div>`;
}

function activity(issue: JiraIssueRecord, jira: JiraState) {
  const ctx = jira.options.contextPath;
  const comments = issue.comments.map((c) => {
    const author = jira.user(c.author);
    return html`<div id="comment-${c.id}" class="issue-data-block activity-comment twixi-block expanded"><div class="twixi-wrap verbose actionContainer">
<div class="action-head"><div class="action-details"><a class="user-hover user-avatar" rel="${c.author}" id="commentauthor_${c.id}_verbose" href="${ctx}/secure/ViewProfile.jspa?name=${encodeURIComponent(c.author)}">${author?.displayName ?? c.author}</a> added a comment - <span class="commentdate_${c.id}_verbose subText"><span class="date user-tz">${time(c.created)}</span></span></div></div>
<div class="action-body flooded">${renderWiki(c.body)}</div>
</div></div>`;
  });
  return html`<div id="activitymodule" class="module toggle-wrap">
<div id="activitymodule_heading" class="mod-header"><h4 class="toggle-title">Activity</h4></div>
<div class="mod-content"><div id="issue_actions_container" class="issuePanelContainer">${
    comments.length ? comments : html`<div class="message-container">There are no comments yet on this issue.</div>`
  }</div></div></div>`;
}

function sidebar(issue: JiraIssueRecord, jira: JiraState) {
  const reporter = jira.user(issue.reporter);
  return html`<div id="viewissuesidebar" class="aui-item issue-side-column">
<div id="peoplemodule" class="module toggle-wrap"><div class="mod-header"><h4 class="toggle-title">People</h4></div>
<div class="mod-content"><ul class="item-details" id="peopledetails"><li class="people-details">
<dl><dt>Assignee:</dt><dd><span id="assignee-val" class="view-issue-field">Unassigned</span></dd></dl>
<dl><dt>Reporter:</dt><dd><span id="reporter-val" class="view-issue-field"><span class="user-hover" rel="${issue.reporter}">${reporter?.displayName ?? issue.reporter}</span></span></dd></dl>
</li></ul></div></div>
<div id="datesmodule" class="module toggle-wrap"><div class="mod-header"><h4 class="toggle-title">Dates</h4></div>
<div class="mod-content"><ul class="item-details"><li>
<dl class="dates"><dt>Created:</dt><dd class="date"><span id="created-val">${time(issue.created)}</span></dd></dl>
<dl class="dates"><dt>Updated:</dt><dd class="date"><span id="updated-val">${time(issue.updated)}</span></dd></dl>
${issue.resolutionDate ? html`<dl class="dates"><dt>Resolved:</dt><dd class="date"><span id="resolutiondate-val">${time(issue.resolutionDate)}</span></dd></dl>` : ''}
</li></ul></div></div>
</div>`;
}

function issueView(issue: JiraIssueRecord, jira: JiraState) {
  return html`<div class="aui-page-panel"><div class="aui-page-panel-inner"><div class="issue-view"><div id="issue-content" class="issue-edit-form">
${header(issue, jira)}
<div class="issue-body-content"><div class="aui-group issue-body">
<div class="aui-item issue-main-column">
${details(issue, jira)}
<div id="descriptionmodule" class="module toggle-wrap">
<div id="descriptionmodule_heading" class="mod-header"><h4 class="toggle-title">Description</h4></div>
<div class="mod-content"><div id="description-val" class="field-ignore-highlight editable-field inactive"><div class="user-content-block">${renderWiki(issue.description)}</div></div></div>
</div>
${activity(issue, jira)}
</div>
${sidebar(issue, jira)}
</div></div>
</div></div></div></div>`;
}

export function renderIssuePage(issue: JiraIssueRecord, jira: JiraState, options: IssuePageOptions): string {
  const view = issueView(issue, jira);
  return dcPage({
    title: `[${issue.key}] ${issue.summary} - Genomics Lab Jira`,
    site: options.site,
    contextPath: jira.options.contextPath,
    user: options.user,
    xsrfToken: options.xsrfToken,
    bodyClass: 'aui-layout aui-theme-default page-type-navigator',
    issueKey: issue.key,
    hostileCss: options.hostileCss,
    content: options.late ? html`<template id="sandbox-late-issue">${view}</template>${LATE_SCRIPT}` : view,
  });
}
