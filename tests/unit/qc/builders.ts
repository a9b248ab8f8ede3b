// The Cardea builders live in tests/builders/cardea.ts, shared with the e2e tests.
export { assay, assaysById, lane, metric, run, sample, subcategory } from '../../builders/cardea';
export type { LaneInput, MetricInput, SubcategoryInput } from '../../builders/cardea';
