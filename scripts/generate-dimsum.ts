// Writes a generated Cardea /dimsum document to a file, streaming it piece by piece.
//   npx tsx scripts/generate-dimsum.ts --seed 1 --runs 400 --libraries-per-lane 60 --cases 8000 --out /tmp/dimsum.json
// Those values make about 84k run-libraries and a document of roughly 370 MB.
import { parseArgs } from 'node:util';
import { generateCaseData, type GeneratorOptions } from '../sandbox/cardea/generator';
import { writeCaseDataFile } from '../sandbox/cardea/serialize';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '12' },
    'libraries-per-lane': { type: 'string', default: '6' },
    cases: { type: 'string', default: '40' },
    lanes: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const usage =
  'usage: npx tsx scripts/generate-dimsum.ts [--seed N] [--runs N] [--libraries-per-lane N] [--cases N] [--lanes N] ' +
  '--out FILE';

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    console.error(`--${name} must be a whole number, got "${text}"\n${usage}`);
    process.exit(2);
  }
  return Number(text);
}

async function main(): Promise<void> {
  if (values.help || !values.out) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const options: GeneratorOptions = {
    seed: wholeNumber('seed', values.seed)!,
    runs: wholeNumber('runs', values.runs)!,
    librariesPerLane: wholeNumber('libraries-per-lane', values['libraries-per-lane'])!,
    cases: wholeNumber('cases', values.cases)!,
    lanes: wholeNumber('lanes', values.lanes),
  };
  const started = performance.now();
  const caseData = generateCaseData(options);
  const generated = performance.now();

  const bytes = await writeCaseDataFile(caseData, values.out);
  const finished = performance.now();

  let runLibraries = 0;
  for (const test of caseData.cases.flatMap((c) => c.tests ?? [])) {
    runLibraries += (test.libraryQualifications?.length ?? 0) + (test.fullDepthSequencings?.length ?? 0);
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `${values.out}: ${(bytes / 1e6).toFixed(1)} MB, ${caseData.cases.length} cases, ` +
      `${runLibraries} case run-libraries, ` +
      `${caseData.omittedRunSamples?.length ?? 0} omitted; generated in ${seconds(generated - started)} s, ` +
      `written in ${seconds(finished - generated)} s (total ${seconds(finished - started)} s); ` +
      `RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}

await main();
