import type { NextFunction, Request, Response } from 'express';

/** The headers `helmet()` adds with its defaults (Nabu runs it first, docs/jira-and-nabu.md#nabu-response-headers). */
const HELMET_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
    "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';" +
    "style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

export function helmetHeaders(_req: Request, res: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(HELMET_HEADERS)) res.setHeader(name, value);
  next();
}

/** `cors()` with its defaults: any origin, and every OPTIONS request answered 204 with the asked-for headers. */
export function corsDefaults(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE');
  const requested = req.headers['access-control-request-headers'];
  if (requested) {
    res.setHeader('Access-Control-Allow-Headers', requested);
    res.append('Vary', 'Access-Control-Request-Headers');
  }
  res.setHeader('Content-Length', '0');
  res.status(204).end();
}

/** Nabu forces this header on every API response, errors included. */
export function forceJsonType(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Type', 'application/json');
  next();
}

export const nabuErrors = (...errors: string[]) => ({ errors });
