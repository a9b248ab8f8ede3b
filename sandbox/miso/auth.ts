import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { loginPage } from './pages/login-page';
import type { MisoUser } from './sessions';
import type { MisoState } from './state';

// Spring Security as MISO configures it (docs/qc-in-miso.md#miso-sessions): form login, the container's JSESSIONID,
// 302 to /login for every protected path (UI and /rest alike), a bare 401 for /api without a key,
// and after login back to the saved request (a POST comes back as a GET, which MISO may refuse).

export const SESSION_COOKIE = 'JSESSIONID';
/** Where the user was going when sent to log in (Spring keeps it in the anonymous session). */
const SAVED_REQUEST_COOKIE = 'MISO_SAVED_REQUEST';

const PUBLIC = [/^\/login\/?$/, /^\/styles\//, /^\/scripts\//, /^\/favicon\.ico$/, /^\/error$/, /^\/__sandbox\//];

export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The logged-in user of a request that passed `requireSession`. */
export function currentUser(res: Response): MisoUser {
  const user: unknown = res.locals.user;
  if (!user) throw new Error('requireSession did not run for this route');
  return user as MisoUser;
}

/**
 * Tomcat sets no SameSite attribute on MISO's session cookie (web.xml asks only for HttpOnly and
 * Secure), so browsers apply their default: Lax in Chromium. Secure is left out here because the
 * sandbox serves plain http.
 */
const cookieOptions = { path: '/', httpOnly: true } as const;

/**
 * Spring's default request cache with CSRF off, as MISO runs it: any method is saved, POSTs too,
 * except XHR, requests asking for JSON, and multipart bodies.
 */
function savesRequest(req: Request): boolean {
  if (req.get('x-requested-with') === 'XMLHttpRequest') return false;
  if ((req.get('accept') ?? '').includes('application/json')) return false;
  return !req.is('multipart/form-data');
}

/** A relative path on this site only: no `//host` or absolute URLs from the cookie. */
const safeTarget = (target: string | undefined) => (target && /^\/(?![/\\])/.test(target) ? target : undefined);

/**
 * Where Spring sends the user after login: the saved request's URL with a `continue` parameter. The
 * browser follows it as a GET, so a saved POST comes back as a GET without its body.
 */
export const continueUrl = (saved: string) => `${saved}${saved.includes('?') ? '&' : '?'}continue`;

/** `/miso/**` → 308 to the same path without the prefix, query kept (docs/qc-in-miso.md#miso-as-bao-relies-on-it). */
export function legacyPrefix(req: Request, res: Response, next: NextFunction): void {
  const match = /^\/miso(?=\/|\?|$)/.exec(req.url);
  if (!match) return next();
  const rest = req.url.slice(match[0].length);
  res.redirect(308, rest.startsWith('/') ? rest : `/${rest}`);
}

export function requireSession(miso: MisoState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (PUBLIC.some((p) => p.test(req.path))) return next();
    if (req.path.startsWith('/api/') || req.path === '/api') {
      res.status(401).end();
      return;
    }
    const user = miso.sessionUser(cookie(req, SESSION_COOKIE));
    if (user) {
      res.locals.user = user;
      return next();
    }
    if (savesRequest(req)) res.cookie(SAVED_REQUEST_COOKIE, req.originalUrl, { ...cookieOptions, maxAge: 10 * 60_000 });
    res.redirect(302, '/login');
  };
}

export function authRoutes(app: Express, miso: MisoState): void {
  app.get('/login', (req, res) => {
    res.type('html').send(loginPage(req.query.login_error !== undefined));
  });

  app.post('/login', express.urlencoded({ extended: false }), (req, res) => {
    const body: Record<string, unknown> = req.body ?? {};
    const user = miso.authenticate(String(body.username ?? ''), String(body.password ?? ''));
    if (!user) return res.redirect(302, '/login?login_error=1');
    miso.endSession(cookie(req, SESSION_COOKIE));
    res.cookie(SESSION_COOKIE, miso.createSession(user.username), cookieOptions);
    const target = safeTarget(cookie(req, SAVED_REQUEST_COOKIE));
    res.clearCookie(SAVED_REQUEST_COOKIE, cookieOptions);
    res.redirect(302, target ? continueUrl(target) : '/mainMenu');
  });

  app.get('/logout', (req, res) => {
    miso.endSession(cookie(req, SESSION_COOKIE));
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.redirect(302, '/login');
  });
}
