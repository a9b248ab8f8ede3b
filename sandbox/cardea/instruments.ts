import type { MetricCategory } from '../../lib/cardea/schema';
import { CONTAINER } from './assays';
import { dayDate } from './days';
import type { Random } from './random';

/** Library qualification (shallow, small instruments) or full-depth sequencing. */
export type Kind = 'LQ' | 'FD';

export const SEQUENCING_CATEGORY = {
  LQ: 'LIBRARY_QUALIFICATION',
  FD: 'FULL_DEPTH_SEQUENCING',
} as const satisfies Record<Kind, MetricCategory>;

export type InstrumentKey = 'miSeqNano' | 'miSeqMicro' | 'nextSeq' | 's1' | 'sp' | 's2' | 's4' | 'x10b' | 'x25b';

/** Sequencing parameters and the two read lengths. */
type RunParameters = readonly [string, number, number];

export interface Instrument {
  kind: Kind;
  serials: readonly string[];
  container: string;
  lanes: number;
  /** Clusters passing filter per lane, a healthy range. */
  laneClusters: readonly [number, number];
  q30: readonly [number, number];
  flowCell(rng: Random): string;
  parameters(rng: Random): RunParameters;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const miSeqFlowCell = (rng: Random) => `000000000-${rng.chars(5, ALNUM)}`;
const novaSeqFlowCell = (suffix: string) => (rng: Random) =>
  `${rng.pick(['A', 'B'])}H${rng.chars(4, ALNUM)}${suffix}${rng.pick(['X', 'Y', '2', '3'])}`;
const novaSeqXFlowCell = (suffix: string) => (rng: Random) =>
  `${rng.pick(['A', 'B'])}22${rng.chars(4, ALNUM)}${suffix}`;

const PAIRED_101: RunParameters = ['2×101', 101, 101];
const PAIRED_151: RunParameters = ['2×151', 151, 151];
const always = (parameters: RunParameters) => () => parameters;
const sometimes101 = (probability: number) => (rng: Random) => (rng.chance(probability) ? PAIRED_101 : PAIRED_151);

const NOVASEQ = ['A00469', 'A00953', 'A01244'];
const NOVASEQ_X = ['LH00224', 'LH00307'];

export const INSTRUMENTS: Record<InstrumentKey, Instrument> = {
  miSeqNano: {
    kind: 'LQ',
    serials: ['M00753', 'M00146', 'M06816'],
    container: CONTAINER.miSeqNano,
    lanes: 1,
    laneClusters: [700_000, 1_500_000],
    q30: [88, 96],
    flowCell: miSeqFlowCell,
    parameters: always(['Nano 2×151', 151, 151]),
  },
  miSeqMicro: {
    kind: 'LQ',
    serials: ['M00753', 'M06816'],
    container: CONTAINER.miSeqMicro,
    lanes: 1,
    laneClusters: [3_200_000, 5_200_000],
    q30: [88, 96],
    flowCell: miSeqFlowCell,
    parameters: always(['Micro 2×151', 151, 151]),
  },
  nextSeq: {
    kind: 'LQ',
    serials: ['NB551056', 'NB551731'],
    container: CONTAINER.nextSeqHigh,
    lanes: 4,
    laneClusters: [95_000_000, 125_000_000],
    q30: [86, 93],
    flowCell: (rng) => `AH${rng.chars(4, ALNUM)}BGX${rng.pick(['M', 'Y', '2', '3', 'C'])}`,
    parameters: sometimes101(0.2),
  },
  s1: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.s1,
    lanes: 2,
    laneClusters: [650_000_000, 900_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DRX'),
    parameters: sometimes101(0.25),
  },
  sp: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.sp,
    lanes: 2,
    laneClusters: [330_000_000, 460_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DRX'),
    parameters: sometimes101(0.25),
  },
  s2: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.s2,
    lanes: 2,
    laneClusters: [1_450_000_000, 1_900_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DMX'),
    parameters: sometimes101(0.25),
  },
  s4: {
    kind: 'FD',
    serials: NOVASEQ,
    container: CONTAINER.s4,
    lanes: 4,
    laneClusters: [1_900_000_000, 2_600_000_000],
    q30: [86, 93],
    flowCell: novaSeqFlowCell('DSX'),
    parameters: sometimes101(0.25),
  },
  x10b: {
    kind: 'FD',
    serials: NOVASEQ_X,
    container: CONTAINER.x10b,
    lanes: 8,
    laneClusters: [1_300_000_000, 1_600_000_000],
    q30: [88, 95],
    flowCell: novaSeqXFlowCell('LT3'),
    parameters: always(PAIRED_151),
  },
  x25b: {
    kind: 'FD',
    serials: NOVASEQ_X,
    container: CONTAINER.x25b,
    lanes: 8,
    laneClusters: [3_100_000_000, 3_800_000_000],
    q30: [88, 95],
    flowCell: novaSeqXFlowCell('LT4'),
    parameters: always(PAIRED_151),
  },
};

/** Run names like `YYMMDD_serial_number_flowcell`, never repeated within one document. */
export class RunNamer {
  private readonly names = new Set<string>();
  private readonly numbersBySerial = new Map<string, Set<number>>();

  name(rng: Random, instrument: Instrument, startDay: number): string {
    const ymd = dayDate(startDay).replaceAll('-', '').slice(2);
    const serial = rng.pick(instrument.serials);
    // Instruments count their runs (about one every two or three days) and never repeat a number.
    const used = this.numbersBySerial.get(serial) ?? new Set<number>();
    this.numbersBySerial.set(serial, used);
    let number = Math.max(1, Math.floor((2_800 - startDay) / 2.5));
    while (used.has(number)) number++;
    used.add(number);
    const runNumber = String(number).padStart(4, '0');
    let name: string;
    do {
      name = `${ymd}_${serial}_${runNumber}_${instrument.flowCell(rng)}`;
    } while (this.names.has(name));
    this.names.add(name);
    return name;
  }
}
