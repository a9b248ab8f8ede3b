import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GeneratorOptions } from '../sandbox/cardea/generator';
import type { BenchModule, Table } from './table';

// Issue 2: the sandbox generator makes a 1-run document and one of at least 200 MB; how long it
// takes and how much memory it needs (each in its own process).
const CASES: { label: string; options: GeneratorOptions }[] = [
  { label: '1 run', options: { seed: 1, runs: 1, librariesPerLane: 2, cases: 1 } },
  { label: 'demo (npm start)', options: { seed: 42, runs: 12, librariesPerLane: 6, cases: 40 } },
  { label: '≥ 200 MB', options: { seed: 1, runs: 400, librariesPerLane: 60, cases: 8000 } },
];

export const generatorBench: BenchModule = {
  name: 'generator',
  async run(): Promise<Table[]> {
    const rows = CASES.map(({ label, options }) => {
      const file = path.join(tmpdir(), `bao-generate-${process.pid}.json`);
      const output = execFileSync('npx', ['tsx', 'bench/generate-child.ts', JSON.stringify(options), file], {
        encoding: 'utf8',
      });
      const r = JSON.parse(output.trim().split('\n').at(-1)!) as {
        bytes: number;
        generateMs: number;
        writeMs: number;
        maxRssMb: number;
      };
      return [
        label,
        JSON.stringify(options),
        r.bytes / 1e6,
        Math.round(r.generateMs),
        Math.round(r.writeMs),
        r.maxRssMb,
      ];
    });
    return [
      {
        title: 'Sandbox generator: Cardea /dimsum documents',
        columns: ['document', 'options', 'MB', 'generate ms', 'serialize+write ms', 'peak RSS MB'],
        rows,
        notes: ['serialized case by case (sandbox/cardea/serialize.ts): the document is never one string'],
      },
    ];
  },
};
