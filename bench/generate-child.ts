import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { generateCaseData, type GeneratorOptions } from '../sandbox/cardea/generator';
import { serializeCaseData } from '../sandbox/cardea/serialize';

// One generator run in its own process, so its peak memory is its own: generate, stream to a
// throwaway file, report. argv[2] = the GeneratorOptions as JSON, argv[3] = the output file.
const options = JSON.parse(process.argv[2]!) as GeneratorOptions;
const file = process.argv[3]!;
const started = performance.now();
const caseData = generateCaseData(options);
const generated = performance.now();
const out = createWriteStream(file);
let bytes = 0;
for (const piece of serializeCaseData(caseData)) {
  bytes += Buffer.byteLength(piece);
  if (!out.write(piece)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const written = performance.now();
await rm(file);
console.log(JSON.stringify({ bytes, generateMs: generated - started, writeMs: written - generated, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
