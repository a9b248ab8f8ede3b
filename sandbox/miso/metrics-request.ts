import { z } from 'zod';
import { MisoError } from './errors';

// How MISO reads the `data` field of `POST /runlibraries/metrics` (docs/qc-in-miso.md#what-is-sent, docs/qc-in-miso.md#what-miso-refuses): Jackson with
// unknown keys ignored, scalars coerced, primitives defaulting to 0, and MISO's string deserializer
// (tabs → spaces, trim, blank → null, `<`/`>` refused). Deliberately looser than
// `lib/miso/schema.ts#MetricsRequest`, which is what Bao must send: the sandbox has to accept what
// MISO accepts so that Bao's mistakes show up as they would in the real system.

const text = z
  .unknown()
  .optional()
  .transform((v, ctx): string | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      ctx.addIssue({ code: 'custom', message: 'expected a string' });
      return z.NEVER;
    }
    const cleaned = String(v).replace(/\t/g, ' ').trim();
    if (/[<>]/.test(cleaned)) {
      ctx.addIssue({ code: 'custom', message: 'strings may not contain < or >' });
      return z.NEVER;
    }
    return cleaned === '' ? null : cleaned;
  });

const number = (integer: boolean) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): number | null => {
      if (v === null || v === undefined) return null;
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: 'expected a number' });
        return z.NEVER;
      }
      return integer ? Math.trunc(n) : n;
    });

const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? null);

const JacksonMetric = z.object({
  title: text,
  threshold_type: text,
  threshold: number(false).transform((v) => v ?? 0),
  threshold_2: number(false).transform((v) => v ?? 0),
  value: number(false),
});

const JacksonLibrary = z.object({
  name: text,
  run_id: number(true).transform((v) => v ?? 0),
  partition: number(true).transform((v) => v ?? 0),
  metrics: list(JacksonMetric),
});

const JacksonRequest = z.object({
  report: text,
  library_aliquots: list(JacksonLibrary),
});

export interface RequestedMetric {
  title: string;
  thresholdType: string;
  threshold: number;
  threshold2: number;
  value: number | null;
}

export interface RequestedLibrary {
  aliquotId: number;
  runId: number;
  partitionNumber: number;
  metrics: RequestedMetric[];
}

const ALIQUOT_NAME = /^LDI(\d+)$/;

/** The controller's checks, in its order; throws MisoError(400) with MISO's messages. */
export function readMetricsRequest(data: unknown): RequestedLibrary[] {
  if (typeof data !== 'string') throw new MisoError(400, 'Request data missing');
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new MisoError(400, 'Invalid request data');
  }
  const parsed = JacksonRequest.safeParse(json);
  if (!parsed.success) throw new MisoError(400, 'Invalid request data');
  const libraries = parsed.data.library_aliquots;
  if (!libraries || libraries.length === 0) throw new MisoError(400, 'No library aliquots specified');
  return libraries.map((library) => {
    if (!library.metrics || library.metrics.length === 0) throw new MisoError(400, 'No metrics specified');
    const metrics = library.metrics.map((m) => {
      if (m.title === null || m.threshold_type === null) throw new MisoError(400, 'Invalid metrics specified');
      return {
        title: m.title,
        thresholdType: m.threshold_type,
        threshold: m.threshold,
        threshold2: m.threshold_2,
        value: m.value,
      };
    });
    const match = ALIQUOT_NAME.exec(library.name ?? '');
    if (!match) throw new MisoError(400, `Invalid library aliquot name: ${library.name}`);
    return { aliquotId: Number(match[1]), runId: library.run_id, partitionNumber: library.partition, metrics };
  });
}
