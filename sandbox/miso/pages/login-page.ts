import { html } from '../html';
import type { MisoUser } from '../sessions';
import { layout } from './layout';

/** login.jsp: a plain form POST to `/login` (CSRF is off in MISO, so there is no token). */
export function loginPage(failed: boolean): string {
  return layout({
    title: 'Login',
    body: html`<h1>Login</h1>
${failed ? html`<p class="login-error" id="loginError">Login failed. Please check your username and password.</p>` : ''}
<form id="loginForm" action="/login" method="post">
<table class="in">
<tr><td><label for="username">User name:</label></td><td><input type="text" id="username" name="username" autocomplete="username" autofocus></td></tr>
<tr><td><label for="password">Password:</label></td><td><input type="password" id="password" name="password" autocomplete="current-password"></td></tr>
<tr><td></td><td><label><input type="checkbox" id="remember_me" name="_spring_security_remember_me"> Remember me</label></td></tr>
<tr><td></td><td><button type="submit" id="login">Login</button></td></tr>
</table>
</form>`,
  });
}

/** The landing page after login. Bao opens `/mainMenu?…` tabs to submit QC-in-MISO forms same-origin. */
export function mainMenuPage(user: MisoUser, runs: { id: number; alias: string }[]): string {
  return layout({
    title: 'Home',
    user,
    body: html`<h1>MISO</h1>
<p id="welcome">Welcome, ${user.fullName}.</p>
<div id="mainMenu">
<h2>Runs</h2>
<ul id="runList">
${runs.map((run) => html`<li><a href="/run/${run.id}">${run.alias}</a></li>`)}
</ul>
</div>`,
  });
}

/** List Runs: one of the many MISO pages Bao has nothing to do on (its content script is not injected). */
export function runListPage(user: MisoUser, runs: { id: number; alias: string }[]): string {
  return layout({
    title: 'Runs',
    user,
    body: html`<h1>Runs</h1>
<table id="runsTable" class="list">
<thead><tr><th>Run ID</th><th>Alias</th></tr></thead>
<tbody>
${runs.map((run) => html`<tr><td>${String(run.id)}</td><td><a href="/run/${run.id}">${run.alias}</a></td></tr>`)}
</tbody>
</table>`,
  });
}

/** The Edit Library Aliquot page, as far as a link from Bao needs: which aliquot, of which library. */
export function libraryAliquotPage(
  user: MisoUser,
  aliquot: { id: number; name: string; alias: string; libraryName: string | null },
): string {
  return layout({
    title: `Library Aliquot ${aliquot.name}`,
    user,
    body: html`<h1>Edit Library Aliquot</h1>
<table class="in" id="libraryAliquotForm">
<tr><td>Library Aliquot ID:</td><td id="libraryAliquotForm_id">${String(aliquot.id)}</td></tr>
<tr><td>Name:</td><td id="libraryAliquotForm_name">${aliquot.name}</td></tr>
<tr><td>Alias:</td><td id="libraryAliquotForm_alias">${aliquot.alias}</td></tr>
<tr><td>Library:</td><td id="libraryAliquotForm_library">${aliquot.libraryName ?? ''}</td></tr>
</table>`,
  });
}
