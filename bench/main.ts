import { chromiumBench } from './chromium';
import { generatorBench } from './generator';
import { idlePollBench } from './idle-poll';
import { ingestBench } from './ingest';
import { overlayBench } from './overlay';
import { serverBench } from './server';
import { formatTable, type BenchModule } from './table';
import { trendsBench } from './trends';

// `npm run bench`: every section prints its own tables. Add a section by adding a module here.
const benches: BenchModule[] = [
  generatorBench,
  ingestBench,
  idlePollBench,
  chromiumBench,
  overlayBench,
  serverBench,
  trendsBench,
];

// `--size N` belongs to the server section (its document size in MB), not a section name.
const only = process.argv.slice(2).filter((arg, i, all) => arg !== '--size' && all[i - 1] !== '--size');
const unknown = only.filter((name) => !benches.some((bench) => bench.name === name));
if (unknown.length > 0) {
  console.error(
    `no bench section named ${unknown.join(', ')}; the sections are ${benches.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  const started = Date.now();
  try {
    for (const table of await bench.run()) console.log(`${formatTable(table)}\n`);
  } catch (error) {
    process.exitCode = 1;
    console.log(`${bench.name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  console.error(`(${bench.name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
