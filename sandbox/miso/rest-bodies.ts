import { z } from 'zod';
import type { QcEntityType, QcNodeDto, RunDto } from '../../lib/miso/schema';

// What MISO's REST endpoints accept, written by the stand-in itself (not Bao's reader schemas), so the
// sandbox refuses what MISO would refuse even when Bao's own idea of the format is wrong. Jackson drops
// unknown properties and reads a missing field as null, hence the nullish fields.

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);
const text = nullable(z.string());
const flag = nullable(z.boolean());
const whole = nullable(z.number().int());

export const MISO_QC_ENTITY_TYPES: readonly QcEntityType[] = [
  'Sample',
  'Library',
  'Library Aliquot',
  'Pool',
  'Run',
  'Run-Partition',
  'Run-Library',
];

export const QcNodeBody: z.ZodType<QcNodeDto> = z.object({
  entityType: z.enum(MISO_QC_ENTITY_TYPES as [QcEntityType, ...QcEntityType[]]),
  typeLabel: text,
  id: whole,
  ids: nullable(z.array(z.number().int())),
  name: text,
  label: text,
  qcPassed: flag,
  qcStatusId: whole,
  qcNote: text,
  dataReview: flag,
});

const RUN_TYPES = ['Base', 'Illumina', 'IonTorrent', 'LS454', 'OxfordNanopore', 'PacBio', 'Solid', 'Ultima'] as const;

export const RunBody: z.ZodType<RunDto> = z.object({
  type: z.enum(RUN_TYPES),
  id: z.number().int(),
  name: z.string(),
  alias: z.string(),
  description: text,
  status: text,
  platformType: z.string(),
  instrumentModelId: whole,
  instrumentModelAlias: text,
  instrumentId: whole,
  instrumentName: text,
  startDate: text,
  endDate: text,
  sequencingParametersId: whole,
  sequencingParametersName: text,
  qcPassed: flag,
  qcUserName: text,
  qcDate: text,
  dataReview: flag,
  dataReviewer: text,
  dataReviewDate: text,
});
