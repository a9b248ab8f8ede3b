import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCaseData, type GeneratorOptions } from '../sandbox/cardea/generator';
import { writeCaseDataFile } from '../sandbox/cardea/serialize';

export const OUT_DIR = path.resolve(import.meta.dirname, 'out');

export interface DocumentSpec {
  label: string;
  options: GeneratorOptions;
}

export interface BenchDocument extends DocumentSpec {
  file: string;
  bytes: number;
  timestamp: string;
}

/** About 1, 50 and 200 MB of Cardea `/dimsum` from the sandbox generator (≈11 kB per case, ≈3.3 kB per run-library). */
export const SIZES: DocumentSpec[] = [
  { label: '1 MB', options: { seed: 1, runs: 4, librariesPerLane: 8, cases: 45 } },
  { label: '50 MB', options: { seed: 1, runs: 80, librariesPerLane: 30, cases: 2300 } },
  { label: '200 MB', options: { seed: 1, runs: 240, librariesPerLane: 40, cases: 7200 } },
];

const TIMESTAMP = '2026-11-20T06:00:00Z';

/** Generates the document once and keeps it under bench/out; a cached file is reused only if made with the same options. */
export async function ensureDocument(spec: DocumentSpec): Promise<BenchDocument> {
  const slug = spec.label.replace(/\s+/g, '').toLowerCase();
  const file = path.join(OUT_DIR, `dimsum-${slug}.json`);
  const metaFile = `${file}.meta.json`;
  const wanted = JSON.stringify({ options: spec.options, timestamp: TIMESTAMP });
  try {
    const [meta, info] = await Promise.all([readFile(metaFile, 'utf8'), stat(file)]);
    const parsed = JSON.parse(meta) as { key: string; bytes: number };
    if (parsed.key === wanted && parsed.bytes === info.size)
      return { ...spec, file, bytes: info.size, timestamp: TIMESTAMP };
  } catch {
    // not cached yet
  }
  await mkdir(OUT_DIR, { recursive: true });
  const caseData = generateCaseData(spec.options);
  caseData.timestamp = TIMESTAMP;
  const partial = `${file}.partial`;
  const bytes = await writeCaseDataFile(caseData, partial);
  await rename(partial, file);
  await writeFile(metaFile, JSON.stringify({ key: wanted, bytes }));
  return { ...spec, file, bytes, timestamp: TIMESTAMP };
}
