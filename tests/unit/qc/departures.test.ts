import { describe, expect, test } from 'vitest';
import type { Assay, RunInput, SampleInput } from '../../../lib/cardea/schema';
import { DEPARTURES } from '../../../lib/qc/departures';
import { evaluateCell } from '../../../lib/qc/evaluate';
import { type MetricInput, assay, assaysById, lane, run, sample, subcategory } from './builders';

// Where Bao shows a cell differently from Dimsum on purpose, the cell says so (docs/departures.md).

const fd = (id: number, metrics: MetricInput[]): Assay => assay(id, { FULL_DEPTH_SEQUENCING: [subcategory(metrics)] });
const rrna: MetricInput = { name: 'rRNA Contamination', thresholdType: 'LE', maximum: 35, units: '%' };
const qubit = (units: string): MetricInput => ({
  name: 'Concentration (Qubit)',
  thresholdType: 'GE',
  minimum: 1,
  units,
});
const perLane: MetricInput = { name: 'Min Clusters (PF)', thresholdType: 'GE', minimum: 500, units: 'K/lane' };
const twoLanes = [lane(1, { clustersPf: 600_000 }), lane(2, { clustersPf: 600_000 })];

describe('cells that differ from Dimsum say so', () => {
  test.each<[string, string, Assay[], Partial<SampleInput>, Partial<RunInput>, string[]]>([
    [
      'rRNA read from Cardea’s field',
      'rRNA Contamination',
      [fd(1, [rrna])],
      { rrnaContamination: 12 },
      {},
      [DEPARTURES.rrna],
    ],
    [
      'rRNA given as a sample metric: Dimsum reads that too',
      'rRNA Contamination',
      [fd(1, [rrna])],
      { metrics: [{ name: 'rRNA Contamination', metricLevel: 'SAMPLE', value: 12 }] },
      {},
      [],
    ],
    [
      'Qubit in ng/µL with the micro sign',
      'Concentration (Qubit)',
      [fd(1, [qubit('ng/\u00b5L')])],
      { concentration: 5, concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      {},
      [DEPARTURES.microSign],
    ],
    [
      'Qubit with the Greek mu: both agree',
      'Concentration (Qubit)',
      [fd(1, [qubit('ng/\u03bcL')])],
      { concentration: 5, concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      {},
      [],
    ],
    [
      'an nM library left out of a micro-sign threshold',
      'Concentration (Qubit)',
      [fd(1, [qubit('ng/\u00b5L')])],
      { concentration: 5, concentrationUnits: 'NANOMOLAR' },
      {},
      [DEPARTURES.microSignSkipped],
    ],
    [
      'a threshold in exponent form',
      'Duplication Rate',
      [fd(1, [{ name: 'Duplication Rate', thresholdType: 'LE', maximum: 1e-7, units: '' }])],
      { duplicationRate: 5e-8 },
      {},
      [DEPARTURES.exponent],
    ],
    [
      'an ordinary threshold',
      'Duplication Rate',
      [fd(1, [{ name: 'Duplication Rate', thresholdType: 'LE', maximum: 0.5, units: '' }])],
      { duplicationRate: 0.2 },
      {},
      [],
    ],
    [
      'cluster thresholds in K and M from two assays',
      'Min Clusters (PF)',
      [fd(1, [perLane]), fd(2, [{ ...perLane, minimum: 1, units: 'M' }])],
      { assayIds: [1, 2] },
      { clustersPf: 1_200_000, lanes: twoLanes },
      [DEPARTURES.mixedClusterUnits],
    ],
    [
      'a per-lane threshold on a run without lanes',
      'Min Clusters (PF)',
      [fd(1, [perLane])],
      {},
      { clustersPf: 1_200_000, lanes: [] },
      [DEPARTURES.noLanes],
    ],
    [
      'joined lanes',
      'Min Clusters (PF)',
      [fd(1, [perLane])],
      {},
      { clustersPf: 1_200_000, joinedLanes: true, lanes: twoLanes },
      [DEPARTURES.joinedLanes],
    ],
    [
      'a per-lane threshold checked lane by lane',
      'Min Clusters (PF)',
      [fd(1, [perLane])],
      {},
      { clustersPf: 1_200_000, lanes: twoLanes },
      [],
    ],
  ])('%s', (_label, column, assays, fields, runFields, departures) => {
    const library = sample({ assayIds: [1], ...fields, run: run(runFields) });
    expect(evaluateCell(column, 'FULL_DEPTH_SEQUENCING', library, assaysById(...assays)).departures).toEqual(
      departures,
    );
  });
});
