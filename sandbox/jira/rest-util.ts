import type { Request } from 'express';
import type { z } from 'zod';
import type { ApiContext } from './json';
import { jiraError, type JiraState } from './state';

/** The site URL (origin + context path) that `self` links use. */
export function siteUrl(jira: JiraState, req: Request): string {
  const origin = jira.baseUrl || `${req.protocol}://${req.get('host')}`;
  return `${origin}${jira.options.contextPath}`;
}

export function apiContext(jira: JiraState, req: Request, version: '2' | '3'): ApiContext {
  return { site: siteUrl(jira, req), version, cloudUsers: version === '3' || jira.options.flavour === 'cloud' };
}

/** All string values of a query parameter (repeated or not). */
export function queryList(req: Request, name: string): string[] {
  const value: unknown = req.query[name];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

export const queryString = (req: Request, name: string): string | undefined => queryList(req, name)[0];

/** A non-negative integer parameter; anything else falls back to the default, as Jira does. */
export function queryInt(req: Request, name: string, fallback: number): number {
  const value = Number(queryString(req, name));
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export const commaList = (values: string[]) =>
  values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** Parses a request body, answering 400 in Jira's error shape when it does not fit. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw jiraError(400, [
      `Can not deserialize the request body: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    ]);
  }
  return parsed.data;
}
