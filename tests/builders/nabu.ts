import type { NabuBulkRequest, NabuSignoff, NabuSignoffRequest } from '../../lib/nabu/schema';

// Hand-written Nabu sign-off requests and rows, shared by unit and e2e tests. The defaults are one release
// approval of a Data Release, passed, by Tess Ter, without a comment; a test names only what it cares about.

/** A sign-off request without its cases, as the outbox keeps it. */
export function signoffRequest(overrides: Partial<NabuSignoffRequest> = {}): NabuSignoffRequest {
  return {
    signoffStepName: 'RELEASE_APPROVAL',
    deliverableType: 'Data Release',
    deliverable: null,
    qcPassed: true,
    release: true,
    username: 'Tess Ter',
    comment: null,
    ...overrides,
  };
}

/** A bulk request as Bao posts it to Nabu. */
export function bulkRequest(overrides: Partial<NabuBulkRequest> = {}): NabuBulkRequest {
  const { caseIdentifiers = ['PANX_1084_b3_Co_M'], ...rest } = overrides;
  return { caseIdentifiers, ...signoffRequest(rest) };
}

let nextRowId = 1000;

/** A Nabu row as the GET endpoints return it. */
export function nabuRow(overrides: Partial<NabuSignoff> & Pick<NabuSignoff, 'caseIdentifier'>): NabuSignoff {
  const created = overrides.created ?? '2026-11-24T10:00:00.000Z';
  return {
    id: nextRowId++,
    created,
    modified: created.replace(/\.\d{3}Z$/, '.000Z'),
    username: 'Tess Ter',
    qcPassed: true,
    release: true,
    signoffStepName: 'RELEASE_APPROVAL',
    deliverableType: 'Data Release',
    deliverable: null,
    comment: null,
    ...overrides,
  };
}
