import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { authOf, cookieValue, requirePageAuth, SESSION_COOKIE } from './auth';
import { CLOUD_SCRIPT, CLOUD_SCRIPT_PATH, renderCloudShell } from './cloud-page';
import { html } from './html';
import { renderIssuePage } from './issue-page';
import { dcPage } from './page-layout';
import { siteUrl } from './rest-util';
import type { JiraState } from './state';

const LoginForm = z.object({
  os_username: z.string().default(''),
  os_password: z.string().default(''),
  os_destination: z.string().optional(),
});

/** Only same-site paths, so the login form cannot be used as an open redirect. */
const safeDestination = (value: string | undefined) => (value && /^\/(?![/\\])/.test(value) ? value : '/');

function loginPage(jira: JiraState, req: Request, destination: string, error?: string): string {
  const ctx = jira.options.contextPath;
  return dcPage({
    title: 'Log in - Genomics Lab Jira',
    site: siteUrl(jira, req),
    contextPath: ctx,
    user: undefined,
    xsrfToken: '',
    bodyClass: 'aui-layout aui-theme-default page-type-login',
    content: html`<div class="aui-page-panel"><h1>Welcome to Genomics Lab Jira</h1>
${error ? html`<div class="aui-message aui-message-error" id="login-form-error"><p>${error}</p></div>` : ''}
<form action="${ctx}/login.jsp" class="aui" id="login-form" method="post">
<div class="field-group"><label for="login-form-username">Username</label><input class="text medium-field" id="login-form-username" name="os_username" type="text" autocomplete="username"></div>
<div class="field-group"><label for="login-form-password">Password</label><input class="text medium-field" id="login-form-password" name="os_password" type="password" autocomplete="current-password"></div>
<input type="hidden" name="os_destination" value="${destination}">
<div class="buttons"><input class="aui-button aui-button-primary" id="login-form-submit" name="login" type="submit" value="Log In"></div>
</form></div>`,
  });
}

function notFoundPage(jira: JiraState, req: Request): string {
  const auth = authOf(req);
  return dcPage({
    title: 'Issue does not exist - Genomics Lab Jira',
    site: siteUrl(jira, req),
    contextPath: jira.options.contextPath,
    user: auth?.user,
    xsrfToken: auth?.xsrfToken ?? '',
    bodyClass: 'aui-layout aui-theme-default page-type-message',
    content: html`<div class="aui-page-panel"><div class="aui-message aui-message-warning" id="issue-does-not-exist">
<p class="title"><strong>Issue does not exist</strong></p><p>The issue you are trying to view does not exist.</p></div></div>`,
  });
}

export function pageRoutes(jira: JiraState): Router {
  const router = Router();
  const ctx = jira.options.contextPath;
  const cookiePath = ctx || '/';
  const requirePage = requirePageAuth(jira);

  router.get('/login.jsp', (req, res) => {
    const destination = safeDestination(
      typeof req.query.os_destination === 'string' ? req.query.os_destination : undefined,
    );
    res.type('html').send(loginPage(jira, req, destination));
  });
  router.post('/login.jsp', express.urlencoded({ extended: false }), (req, res) => {
    const form = LoginForm.safeParse(req.body ?? {});
    const destination = safeDestination(form.success ? form.data.os_destination : undefined);
    const user = form.success ? jira.userByPassword(form.data.os_username, form.data.os_password) : undefined;
    if (!user) {
      res.setHeader('X-Seraph-LoginReason', 'AUTHENTICATED_FAILED');
      return void res
        .type('html')
        .send(loginPage(jira, req, destination, 'Sorry, your username and password are incorrect - please try again.'));
    }
    const session = jira.createSession(user);
    res.cookie(SESSION_COOKIE, session.id, { path: cookiePath, httpOnly: true });
    res.cookie('atlassian.xsrf.token', session.xsrfToken, { path: cookiePath });
    res.setHeader('X-Seraph-LoginReason', 'OK');
    res.redirect(302, `${ctx}${destination}`);
  });
  router.get('/logout', (req, res) => {
    jira.endSession(cookieValue(req, SESSION_COOKIE) ?? '');
    res.clearCookie(SESSION_COOKIE, { path: cookiePath });
    res.redirect(302, `${ctx}/login.jsp`);
  });

  router.get('/', requirePage, (_req, res) => res.redirect(302, `${ctx}/secure/Dashboard.jspa`));
  router.get('/secure/Dashboard.jspa', requirePage, (req, res) => {
    const auth = authOf(req);
    const issues = jira.search('ORDER BY created DESC');
    res.type('html').send(
      dcPage({
        title: 'System Dashboard - Genomics Lab Jira',
        site: siteUrl(jira, req),
        contextPath: ctx,
        user: auth?.user,
        xsrfToken: auth?.xsrfToken ?? '',
        bodyClass: 'aui-layout aui-theme-default page-type-dashboard',
        content: html`<div class="aui-page-panel"><h1>${jira.project.name}</h1><ul id="sandbox-issue-list">${issues.map(
          (i) =>
            html`<li><a class="issue-link" data-issue-key="${i.key}" href="${ctx}/browse/${i.key}">${i.key}</a> ${i.summary} <span class="aui-lozenge">${i.status}</span></li>`,
        )}</ul><p><a href="${ctx}/jira/software/c/projects/${jira.project.key}/issues">Cloud-style issue view</a></p></div>`,
      }),
    );
  });

  router.get('/browse/:key', requirePage, (req, res) => {
    const issue = jira.find(String(req.params.key));
    const auth = authOf(req);
    if (!issue || !auth) return void res.status(404).type('html').send(notFoundPage(jira, req));
    res.type('html').send(
      renderIssuePage(issue, jira, {
        site: siteUrl(jira, req),
        user: auth.user,
        xsrfToken: auth.xsrfToken,
        hostileCss: req.query['hostile-css'] === '1',
        late: req.query.late === '1',
      }),
    );
  });

  router.get(CLOUD_SCRIPT_PATH, (_req, res) => void res.type('js').send(CLOUD_SCRIPT));
  router.get(['/jira/software/c/projects/:project/issues', '/jira/browse/:key'], requirePage, (req, res) => {
    res.type('html').send(renderCloudShell(jira, authOf(req)?.user));
  });
  return router;
}
