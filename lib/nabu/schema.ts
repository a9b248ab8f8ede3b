import { z } from 'zod';
import { issueLines } from '../net/failure';
import { findStatusPair, signoffSteps } from './statuses';

// Nabu's case sign-off API as it really behaves (docs/jira-and-nabu.md#nabu-validation), not as its swagger.json says:
// nullable booleans, a `modified` column, and `deliverable`/`comment` that can be null.

export const SignoffStep = z.enum(signoffSteps);
export type SignoffStep = z.infer<typeof SignoffStep>;

/** One stored row as every sign-off endpoint returns it (exactly 11 keys on the wire). */
export const NabuSignoff = z.object({
  id: z.number().int(),
  created: z.string(),
  modified: z.string(),
  caseIdentifier: z.string(),
  username: z.string(),
  qcPassed: z.boolean().nullable(),
  release: z.boolean().nullable(),
  signoffStepName: SignoffStep,
  deliverableType: z.string(),
  /** Null for non-RELEASE steps posted through the API; rows seeded by SQL may hold "". */
  deliverable: z.string().nullable(),
  /** Already URL-decoded; an empty comment comes back null. */
  comment: z.string().nullable(),
});
export type NabuSignoff = z.infer<typeof NabuSignoff>;

export const NabuSignoffList = z.array(NabuSignoff);
export type NabuSignoffList = z.infer<typeof NabuSignoffList>;

const requestShape = {
  signoffStepName: SignoffStep,
  deliverableType: z.string().min(1, 'must not be empty'),
  deliverable: z.string().min(1, 'must not be empty').nullable(),
  qcPassed: z.boolean().nullable(),
  release: z.boolean().nullable(),
  username: z.string().trim().min(1, 'must not be empty'),
  /** URL-encoded by Bao (`encodeNabuText`), because Nabu URL-decodes it. */
  comment: z.string().nullable(),
};

type RequestFields = z.infer<z.ZodObject<typeof requestShape>>;

function checkRequest(value: RequestFields, ctx: z.RefinementCtx): void {
  if (value.signoffStepName === 'RELEASE' && value.deliverable === null) {
    ctx.addIssue({ code: 'custom', path: ['deliverable'], message: 'a RELEASE sign-off needs a deliverable' });
  }
  if (value.signoffStepName !== 'RELEASE' && value.deliverable !== null) {
    ctx.addIssue({ code: 'custom', path: ['deliverable'], message: `${value.signoffStepName} takes no deliverable` });
  }
  if (!findStatusPair(value.signoffStepName, value.qcPassed, value.release)) {
    ctx.addIssue({
      code: 'custom',
      path: ['qcPassed'],
      message: `invalid QC combination for ${value.signoffStepName}: qcPassed=${value.qcPassed}, release=${value.release}`,
    });
  }
}

/** The body of `POST /case/{caseIdentifier}/sign-off`, as Bao sends it. */
export const NabuSignoffRequest = z.object(requestShape).superRefine(checkRequest);
export type NabuSignoffRequest = z.infer<typeof NabuSignoffRequest>;

/** The body of `POST /case/sign-off` (the bulk endpoint Dimsum always uses). */
export const NabuBulkRequest = z
  .object({ ...requestShape, caseIdentifiers: z.array(z.string().min(1)).min(1, 'needs at least one case') })
  .superRefine(checkRequest);
export type NabuBulkRequest = z.infer<typeof NabuBulkRequest>;

/**
 * Nabu's error bodies: its controllers send `{errors: ["…"]}`; Express's own failures that its error handler
 * passes on (malformed JSON, a `%` in the path that does not decode) send the message as a string.
 */
export const NabuErrorBody = z.object({ errors: z.union([z.array(z.string()), z.string()]) });
export type NabuErrorBody = z.infer<typeof NabuErrorBody>;

export const NabuToken = z.object({ 'X-API-KEY': z.string().min(1) });

/**
 * Nabu prefixes validation text with a literal "undefined : " (a bug in its controller,
 * docs/jira-and-nabu.md#nabu-validation).
 */
export function cleanNabuError(message: string): string {
  return message.replace(/^undefined : /, '');
}

/**
 * The message of a Nabu error response, for the failure's detail: every error in either shape, cleaned for
 * display. A 404 has no body at all (undefined); a body of another shape says which field Bao could not read.
 */
export function nabuErrorDetail(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.startsWith('<') ? 'an HTML page instead of Nabu’s JSON error' : text.slice(0, 200);
  }
  const parsed = NabuErrorBody.safeParse(json);
  if (!parsed.success) return `an error body Bao cannot read (${issueLines(parsed.error).join('; ')})`;
  const { errors } = parsed.data;
  return (typeof errors === 'string' ? [errors] : errors).map(cleanNabuError).join('; ') || undefined;
}

/** Nabu turns `+` into a space and then percent-decodes; encoding first makes any text arrive as typed. */
export function encodeNabuText(text: string): string {
  return encodeURIComponent(text);
}
