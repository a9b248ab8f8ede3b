import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseDataInput } from '../lib/cardea/schema';
import { generateCaseData } from '../sandbox/cardea/generator';
import { writeCaseDataFile } from '../sandbox/cardea/serialize';
import { OUT_DIR, type BenchDocument, type DocumentSpec } from './documents';

// Cardea's next document for the server bench's change: the same generated document (same options, same seed)
// with a handful of cases signed off and one run's library edited, so a change touches what a working day
// touches, not everything. Generated (never copied) and kept under bench/out like the first document.

const TIMESTAMP = '2026-11-20T07:00:00Z';
const DAY = '2026-11-20';
/** Cases that get a sign-off in the change. */
const SIGNED_OFF = 5;
const VERSION = 1;

export interface ChangedDocument extends BenchDocument {
  /** The ids of the cases the change touched. */
  changedCases: string[];
  /** The run whose file the change touched. */
  changedRun: string;
}

/** A few analysis-review sign-offs (and their activity dates), and one full-depth library's volume. */
function applyChange(doc: CaseDataInput): { changedCases: string[]; changedRun: string } {
  const changedCases: string[] = [];
  const step = Math.max(1, Math.floor(doc.cases.length / SIGNED_OFF));
  for (let i = 0; i < doc.cases.length && changedCases.length < SIGNED_OFF; i += step) {
    const c = doc.cases[i]!;
    const deliverable = c.deliverables?.[0];
    if (deliverable) {
      deliverable.analysisReviewQcStatus = 'PASSED';
      deliverable.analysisReviewQcUser = 'bench';
      deliverable.analysisReviewQcDate = DAY;
      deliverable.latestActivityDate = DAY;
    }
    c.latestActivityDate = DAY;
    changedCases.push(c.id);
  }
  for (const c of doc.cases) {
    for (const t of c.tests ?? []) {
      const sample = (t.fullDepthSequencings ?? []).find((s) => s.run);
      if (sample?.run) {
        sample.volume = (typeof sample.volume === 'number' ? sample.volume : 0) + 1.5;
        return { changedCases, changedRun: sample.run.name };
      }
    }
  }
  throw new Error('the document has no full-depth library with a run');
}

/** Generates the changed document once (cached under bench/out with its options). */
export async function ensureChangedDocument(spec: DocumentSpec): Promise<ChangedDocument> {
  const slug = spec.label.replace(/\s+/g, '').toLowerCase();
  const file = path.join(OUT_DIR, `dimsum-${slug}-changed.json`);
  const metaFile = `${file}.meta.json`;
  const wanted = JSON.stringify({ options: spec.options, timestamp: TIMESTAMP, version: VERSION });
  try {
    const [meta, info] = await Promise.all([readFile(metaFile, 'utf8'), stat(file)]);
    const parsed = JSON.parse(meta) as { key: string; bytes: number; changedCases: string[]; changedRun: string };
    if (parsed.key === wanted && parsed.bytes === info.size)
      return {
        ...spec,
        file,
        bytes: info.size,
        timestamp: TIMESTAMP,
        changedCases: parsed.changedCases,
        changedRun: parsed.changedRun,
      };
  } catch {
    // not cached yet
  }
  await mkdir(OUT_DIR, { recursive: true });
  const caseData = generateCaseData(spec.options);
  const change = applyChange(caseData);
  caseData.timestamp = TIMESTAMP;
  const partial = `${file}.partial`;
  const bytes = await writeCaseDataFile(caseData, partial);
  await rename(partial, file);
  await writeFile(metaFile, JSON.stringify({ key: wanted, bytes, ...change }));
  return { ...spec, file, bytes, timestamp: TIMESTAMP, ...change };
}
