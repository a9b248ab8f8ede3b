// The builders live in tests/builders/, shared with the e2e tests.
export { caseRecord, type CaseSpec, type DeliverableSpec } from '../../builders/cardea';
export { nabuRow } from '../../builders/nabu';
