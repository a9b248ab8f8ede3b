import express, { type NextFunction, type Request, type Response } from 'express';

// Form bodies for `POST /runlibraries/metrics`: urlencoded, or multipart (MISO configures a
// multipart resolver, so `FormData` posts work too). Only text fields are read.

const urlencoded = express.urlencoded({ extended: false, limit: '50mb', parameterLimit: 10_000 });
const multipartRaw = express.raw({ type: 'multipart/form-data', limit: '50mb' });

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
  if (req.is('multipart/form-data')) {
    multipartRaw(req, res, (error?: unknown) => {
      if (error) return next(error);
      req.body = Buffer.isBuffer(req.body) ? multipartFields(req.body, req.get('content-type') ?? '') : {};
      next();
    });
    return;
  }
  urlencoded(req, res, next);
}

/** A form field as a servlet's `getParameter` returns it: the first value, or undefined. */
export function formField(req: Request, name: string): string | undefined {
  const body: unknown = req.body;
  if (!body || typeof body !== 'object') return undefined;
  const value: unknown = Reflect.get(body, name);
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
