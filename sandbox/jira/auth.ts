import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { JiraState } from './state';
import type { JiraUser } from './users';

// Who is calling: a PAT (`Authorization: Bearer`), Basic auth (DC: name:password; Cloud: email:API
// token), or the JSESSIONID cookie from /login.jsp. REST answers 401 without it; pages go to login.

export interface JiraAuth {
  user: JiraUser;
  via: 'bearer' | 'basic' | 'session';
  /** The session's XSRF token (pages put it in `meta[name=atlassian-token]`). */
  xsrfToken: string;
}

const authByRequest = new WeakMap<Request, JiraAuth>();
export const authOf = (req: Request): JiraAuth | undefined => authByRequest.get(req);

export const SESSION_COOKIE = 'JSESSIONID';
export const NOT_AUTHENTICATED = {
  errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
  errors: {},
};

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function fromHeader(jira: JiraState, header: string): JiraAuth | undefined {
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
  // No session: a one-off token, as Jira makes for a request authenticated by header.
  const placeholderToken = `${randomBytes(10).toString('hex')}_lout`;
  if (scheme.toLowerCase() === 'bearer') {
    const user = jira.userByToken(credentials);
    return user && { user, via: 'bearer', xsrfToken: placeholderToken };
  }
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [login, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const user =
      colon < 0
        ? undefined
        : jira.options.flavour === 'cloud'
          ? jira.userByEmailToken(login, secret)
          : jira.userByPassword(login, secret);
    return user && { user, via: 'basic', xsrfToken: placeholderToken };
  }
  return undefined;
}

/** Works out the caller for every request; bad credentials in a header count as no credentials. */
export function identify(jira: JiraState): RequestHandler {
  return (req, res, next) => {
    const header = req.get('Authorization');
    let auth: JiraAuth | undefined;
    if (header) {
      auth = fromHeader(jira, header);
      if (!auth) res.setHeader('X-Seraph-LoginReason', 'AUTHENTICATED_FAILED');
    } else {
      const session = jira.session(cookieValue(req, SESSION_COOKIE) ?? '');
      if (session) auth = { user: session.user, via: 'session', xsrfToken: session.xsrfToken };
    }
    if (auth) authByRequest.set(req, auth);
    res.setHeader('X-AUSERNAME', auth ? auth.user.name : 'anonymous');
    next();
  };
}

export function requireRestAuth(req: Request, res: Response, next: NextFunction): void {
  if (authOf(req)) return next();
  res.status(401).json(NOT_AUTHENTICATED);
}

/** Pages without a session go to the login page, which brings the user back afterwards. */
export function requirePageAuth(jira: JiraState): RequestHandler {
  return (req, res, next) => {
    if (authOf(req)) return next();
    const destination = req.originalUrl.slice(jira.options.contextPath.length) || '/';
    res.redirect(302, `${jira.options.contextPath}/login.jsp?os_destination=${encodeURIComponent(destination)}`);
  };
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Atlassian's XSRF check on cookie-authenticated writes: a body a plain HTML form could send needs
 * `X-Atlassian-Token: no-check`, and even then a browser on a foreign origin is refused. JSON passes.
 */
export function xsrfCheck(req: Request, res: Response, next: NextFunction): void {
  const auth = authOf(req);
  if (!MUTATING.has(req.method) || auth?.via !== 'session') return next();
  const type = (req.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return next();
  const token = (req.get('X-Atlassian-Token') ?? '').toLowerCase();
  const origin = req.get('Origin');
  const ownOrigin = `${req.protocol}://${req.get('host')}`;
  const foreignBrowser = /mozilla/i.test(req.get('User-Agent') ?? '') && origin !== undefined && origin !== ownOrigin;
  if ((token === 'no-check' || token === 'nocheck') && !foreignBrowser) return next();
  res.status(403).type('text/plain').send('XSRF check failed');
}
