import { rm } from 'node:fs/promises';
import { generateCaseData, type GeneratorOptions } from '../sandbox/cardea/generator';
import { writeCaseDataFile } from '../sandbox/cardea/serialize';

// One generator run in its own process, so its peak memory is its own: generate, stream to a
// throwaway file, report. argv[2] = the GeneratorOptions as JSON, argv[3] = the output file.
const options = JSON.parse(process.argv[2]!) as GeneratorOptions;
const file = process.argv[3]!;
const started = performance.now();
const caseData = generateCaseData(options);
const generated = performance.now();
const bytes = await writeCaseDataFile(caseData, file);
const written = performance.now();
await rm(file);
console.log(
  JSON.stringify({
    bytes,
    generateMs: generated - started,
    writeMs: written - generated,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
