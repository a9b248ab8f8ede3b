import express, { type NextFunction, type Request, type Response } from 'express';

// Form bodies for `POST /runlibraries/metrics`: urlencoded, or multipart (MISO configures a
// multipart resolver, so `FormData` posts work too). Only text fields are read.
//
// MISO runs on Tomcat, whose `maxPostSize` (2 MB unless a site changes it) caps the form body it
// parses. A bigger body is not refused: Tomcat just leaves the parameters out, so MISO sees no
// `data` and answers 400 "Request data missing".

/** Tomcat's default `maxPostSize`: a body of more bytes arrives without its form fields. */
export const TOMCAT_MAX_POST_SIZE = 2 * 1024 * 1024;

const urlencodedRaw = express.raw({ type: 'application/x-www-form-urlencoded', limit: '50mb' });
const multipartRaw = express.raw({ type: 'multipart/form-data', limit: '50mb' });

function urlencodedFields(body: Buffer): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}

function multipartFields(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return {};
  const fields: Record<string, string> = {};
  for (const part of body.toString('utf8').split(`--${marker}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /filename=/i.test(headers) || name in fields) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}

/** Leaves `req.body` as a record of the form's text fields (the first value of repeated ones). */
export function formBody(req: Request, res: Response, next: NextFunction): void {
  const multipart = Boolean(req.is('multipart/form-data'));
  const read = multipart ? multipartRaw : urlencodedRaw;
  read(req, res, (error?: unknown) => {
    if (error) return next(error);
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length > TOMCAT_MAX_POST_SIZE) req.body = {};
    else req.body = multipart ? multipartFields(body, req.get('content-type') ?? '') : urlencodedFields(body);
    next();
  });
}

/** A form field as a servlet's `getParameter` returns it: the first value, or undefined. */
export function formField(req: Request, name: string): string | undefined {
  const body: unknown = req.body;
  if (!body || typeof body !== 'object') return undefined;
  const value: unknown = Reflect.get(body, name);
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
