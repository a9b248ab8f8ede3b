// @vitest-environment node
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CaseData,
  metricCategories,
  thresholdTypes,
  type Metric,
  type Run,
  type Sample,
} from '../../../lib/cardea/schema';
import { readCardeaTimestamp } from '../../../lib/cardea/timestamp';
import { createCardeaApp } from '../../../sandbox/cardea/app';
import { generateCaseData, type GeneratorOptions } from '../../../sandbox/cardea/generator';
import { serializeCaseData } from '../../../sandbox/cardea/serialize';
import { serveSystem, startSandbox } from '../../../sandbox/server';
import { World } from '../../../sandbox/world';

const SMALL: GeneratorOptions = { seed: 1, runs: 1, librariesPerLane: 2, cases: 1 };
const FOUR_RUNS: GeneratorOptions = { seed: 3, runs: 4, librariesPerLane: 3, cases: 5 };
const MEDIUM: GeneratorOptions = { seed: 7, runs: 40, librariesPerLane: 8, cases: 150 };

const serialize = (options: GeneratorOptions) => [...serializeCaseData(generateCaseData(options))].join('');
const parse = (options: GeneratorOptions) => CaseData.parse(JSON.parse(serialize(options)));

const small = parse(SMALL);
const medium = parse(MEDIUM);
const mediumRaw = generateCaseData(MEDIUM);

// ---- what Dimsum derives from the document (docs/qc-rules.md#which-run-libraries-appear-where, docs/notifications-and-tickets.md#readiness) -----------------------------------

interface RunSets {
  run: Run;
  lq: Map<string, Sample>;
  fd: Map<string, Sample>;
}

function runSets(doc: CaseData): Map<number, RunSets> {
  const runs = new Map<number, RunSets>();
  const add = (sample: Sample, set: 'lq' | 'fd') => {
    if (!sample.run) return;
    let entry = runs.get(sample.run.id);
    if (!entry) runs.set(sample.run.id, (entry = { run: sample.run, lq: new Map(), fd: new Map() }));
    entry[set].set(sample.id, sample);
  };
  for (const c of doc.cases) {
    for (const t of c.tests) {
      t.libraryQualifications.forEach((s) => add(s, 'lq'));
      t.fullDepthSequencings.forEach((s) => add(s, 'fd'));
    }
  }
  return runs;
}

const metricsAvailable = (s: Sample) =>
  s.metrics === null ||
  !s.metrics.some((m) => (m.name === 'Sample Authenticated' || m.thresholdType !== 'BOOLEAN') && m.qcPassed === null);

type NotificationState = 'pendingAnalysis' | 'pendingQc' | 'pendingDataReview' | 'done';

function notificationState({ run, lq, fd }: RunSets): NotificationState {
  let analysis = 0;
  let qc = 0;
  let review = 0;
  for (const s of new Map([...lq, ...fd]).values()) {
    if (s.dataReviewDate) continue;
    if (!metricsAvailable(s)) analysis++;
    else if (!s.qcDate) qc++;
    else review++;
  }
  if (qc > 0) return 'pendingQc';
  if (review > 0) return 'pendingDataReview';
  if (analysis > 0) return 'pendingAnalysis';
  if (!run.qcDate) return 'pendingQc';
  if (!run.dataReviewDate) return 'pendingDataReview';
  return 'done';
}

function lqReady({ run, lq }: RunSets): boolean {
  const libraries = [...lq.values()];
  const pending = libraries.some((s) => !s.dataReviewDate) || !run.dataReviewDate;
  return libraries.length > 0 && libraries.every(metricsAvailable) && pending;
}

function fdReady({ run, fd }: RunSets): boolean {
  return [...fd.values()].some((s) => metricsAvailable(s) && (!s.dataReviewDate || !run.dataReviewDate));
}

function statesByKind(doc: CaseData): Record<'LQ' | 'FD', Set<NotificationState>> {
  const states = { LQ: new Set<NotificationState>(), FD: new Set<NotificationState>() };
  for (const sets of runSets(doc).values()) {
    if (sets.lq.size > 0) states.LQ.add(notificationState(sets));
    if (sets.fd.size > 0) states.FD.add(notificationState(sets));
  }
  return states;
}

type Step = 'analysisReview' | 'releaseApproval' | 'release' | 'done';

function signOffStep(c: CaseData['cases'][number]): Step | 'unconfigured' {
  if (c.deliverables.length === 0) return 'unconfigured';
  const stopped = c.requisition.stopped;
  const reviewPending = (d: (typeof c.deliverables)[number]) =>
    !d.analysisReviewSkipped && !stopped && d.analysisReviewQcStatus === null;
  if (c.deliverables.some(reviewPending)) return 'analysisReview';
  if (c.deliverables.some((d) => d.releaseApprovalQcStatus === null)) return 'releaseApproval';
  if (c.deliverables.some((d) => d.releases.some((r) => r.qcStatus === null))) return 'release';
  return 'done';
}

const runLibraries = (doc: CaseData) =>
  doc.cases.flatMap((c) => c.tests.flatMap((t) => [...t.libraryQualifications, ...t.fullDepthSequencings]));
const allMetrics = (doc: CaseData) =>
  Object.values(doc.assaysById).flatMap((a) =>
    Object.values(a.metricCategories).flatMap((subs) => (subs ?? []).flatMap((s) => s.metrics)),
  );
const allSubcategories = (doc: CaseData) =>
  Object.values(doc.assaysById).flatMap((a) => Object.values(a.metricCategories).flatMap((subs) => subs ?? []));
const RUN_METRICS = ['Bases Over Q30', 'Min Clusters (PF)', 'Min Reads Delivered (PF)', 'PhiX Control'];

// ---- the document -------------------------------------------------------------------------------------

describe('generated Cardea document', () => {
  it('parses as Cardea /dimsum at one run and at a few hundred run-libraries', () => {
    expect(CaseData.safeParse(JSON.parse(serialize(SMALL))).success).toBe(true);
    expect(CaseData.safeParse(JSON.parse(serialize(MEDIUM))).success).toBe(true);
    expect(runSets(small).size).toBe(1);
    expect(small.cases).toHaveLength(1);
    expect(runLibraries(medium).length).toBeGreaterThan(300);
  });

  it('is the same for the same options and different for another seed', () => {
    expect(serialize(MEDIUM)).toBe(serialize(MEDIUM));
    expect(serialize({ ...MEDIUM, seed: 8 })).not.toBe(serialize(MEDIUM));
  });

  it('serializes in pieces whose concatenation is JSON.stringify of the document', () => {
    const pieces = [...serializeCaseData(mediumRaw)];
    expect(pieces.join('')).toBe(JSON.stringify(mediumRaw));
    expect(pieces.length).toBeGreaterThanOrEqual(mediumRaw.cases.length);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(mediumRaw).length / 20);
    expect(pieces[0].startsWith('{"assaysById":{')).toBe(true);
    expect(pieces.slice(-2).join('')).toMatch(/,"timestamp":"2026-\d\d-\d\dT\d\d:\d\d:\d\dZ"}$/);
  });

  it('writes Cardea property names: rrnaContamination, sequencingLane as a string, assay targets', () => {
    const text = serialize(MEDIUM);
    expect(text).toContain('"rrnaContamination":');
    expect(text).not.toContain('rRnaContamination');
    expect(text).not.toMatch(/"[a-z]+_[a-z_]+":/);
    const withTargets = z.object({
      assaysById: z.record(z.string(), z.object({ targets: z.record(z.string(), z.number()) })),
    });
    for (const assay of Object.values(withTargets.parse(JSON.parse(text)).assaysById)) {
      expect(Object.keys(assay.targets).sort()).toEqual(
        [
          'analysisReviewDays',
          'caseDays',
          'extractionDays',
          'fullDepthSequencingDays',
          'libraryPreparationDays',
          'libraryQualificationDays',
          'releaseApprovalDays',
          'releaseDays',
        ]
          .concat('receiptDays')
          .sort(),
      );
    }
    const raw = mediumRaw.cases[0].tests![0].libraryQualifications![0];
    expect(typeof raw.sequencingLane).toBe('string');
  });
});

describe('assays', () => {
  const metrics = allMetrics(medium);
  const subcategories = allSubcategories(medium);

  it('cover every category and threshold type', () => {
    const categories = new Set(Object.values(medium.assaysById).flatMap((a) => Object.keys(a.metricCategories)));
    expect([...categories].sort()).toEqual([...metricCategories].sort());
    expect(new Set(metrics.map((m) => m.thresholdType))).toEqual(new Set(thresholdTypes));
  });

  it('have subcategories with and without a design, named and unnamed, and every kind of sort priority', () => {
    expect(subcategories.some((s) => s.libraryDesignCode !== null)).toBe(true);
    expect(subcategories.some((s) => s.libraryDesignCode === null)).toBe(true);
    expect(subcategories.some((s) => s.name === null)).toBe(true);
    expect(subcategories.some((s) => s.name !== null)).toBe(true);
    const priority = (p: number | null) => (p === null ? 'null' : p === 0 ? 'zero' : 'positive');
    expect(new Set(subcategories.map((s) => priority(s.sortPriority)))).toEqual(new Set(['null', 'zero', 'positive']));
  });

  it('have run-only subcategories with per-lane and per-run cluster thresholds', () => {
    const runOnly = subcategories.filter((s) => s.metrics.every((m) => RUN_METRICS.includes(m.name)));
    expect(runOnly.length).toBeGreaterThan(0);
    const runOnlyNames = new Set(runOnly.flatMap((s) => s.metrics.map((m) => m.name)));
    expect(runOnlyNames).toEqual(new Set(RUN_METRICS));
    const clusterMetrics = runOnly.flatMap((s) => s.metrics.filter((m) => m.name.startsWith('Min ')));
    const clusterUnits = clusterMetrics.map((m) => m.units ?? '');
    expect(clusterUnits.some((u) => u.endsWith('/lane'))).toBe(true);
    expect(clusterUnits.some((u) => !u.endsWith('/lane'))).toBe(true);
  });

  const variants: [string, (m: Metric) => unknown, unknown[]][] = [
    ['container model', (m) => m.containerModel, ['S1', 'SP', 'S2', 'S4', '10B', '25B', 'PE-Nano MiSeq Flow Cell']],
    ['read length', (m) => m.readLength, [150, 100]],
    ['units starting K, M or B', (m) => m.units?.[0], ['K', 'M', 'B']],
  ];
  it.each(variants)('vary by %s', (_label, field, expected) => {
    const seen = new Set(metrics.map(field));
    for (const value of expected) expect(seen).toContain(value);
  });

  it('vary coverage by tissue type, with a negated variant for tumours', () => {
    const coverage = metrics.filter((m) => m.name === 'Mean Coverage Deduplicated' && m.tissueType === 'R');
    expect(coverage.some((m) => m.negateTissueType === true)).toBe(true);
    expect(coverage.some((m) => !m.negateTissueType)).toBe(true);
  });

  it('have Qubit variants in ng/μL (Greek mu, U+03BC) and nM', () => {
    const units = new Set(metrics.filter((m) => m.name === 'Concentration (Qubit)').map((m) => m.units));
    expect(units).toEqual(new Set(['ng/\u03bcL', 'nM']));
    expect(metrics.some((m) => m.units?.includes('\u00b5'))).toBe(false);
  });

  it('have never-highlighted names, Sample Authenticated and legacy-mapped names', () => {
    const names = new Set(metrics.map((m) => m.name));
    for (const prefix of ['Adaptor Contamination', 'AUC between', 'Assigned']) {
      expect([...names].some((n) => n.startsWith(prefix))).toBe(true);
    }
    expect(metrics.find((m) => m.name === 'Sample Authenticated')?.thresholdType).toBe('BOOLEAN');
    for (const legacy of [
      'Mean Insert Size',
      'Duplication Rate',
      'Clusters Per Sample',
      'rRNA Contamination',
      'Mapped to Coding',
      'On Target Reads',
      'Coverage (Raw)',
      'Yield',
      'Lambda Methylation',
      'Relative CpG Frequency in Regions vs Reference',
      'Quantitative PCR (qPCR)',
    ]) {
      expect(names).toContain(legacy);
    }
  });
});

// Instrument → expected name shape and lane count (dimsum and MISO show these names everywhere).
const INSTRUMENT_FORMATS: [string, RegExp, number][] = [
  ['S4', /^\d{6}_A\d{5}_\d{4}_[AB]H[A-Z0-9]{4}DSX[A-Z0-9]$/, 4],
  ['S2', /^\d{6}_A\d{5}_\d{4}_[AB]H[A-Z0-9]{4}DMX[A-Z0-9]$/, 2],
  ['S1', /^\d{6}_A\d{5}_\d{4}_[AB]H[A-Z0-9]{4}DRX[A-Z0-9]$/, 2],
  ['SP', /^\d{6}_A\d{5}_\d{4}_[AB]H[A-Z0-9]{4}DRX[A-Z0-9]$/, 2],
  ['10B', /^\d{6}_LH\d{5}_\d{4}_[AB]22[A-Z0-9]{4}LT3$/, 8],
  ['25B', /^\d{6}_LH\d{5}_\d{4}_[AB]22[A-Z0-9]{4}LT4$/, 8],
  ['PE-Nano MiSeq Flow Cell', /^\d{6}_M\d{5}_\d{4}_000000000-[A-Z0-9]{5}$/, 1],
  ['PE-Micro MiSeq Flow Cell', /^\d{6}_M\d{5}_\d{4}_000000000-[A-Z0-9]{5}$/, 1],
  ['NextSeq High Output Flow Cell', /^\d{6}_NB\d{6}_\d{4}_AH[A-Z0-9]{4}BGX[A-Z0-9]$/, 4],
];

describe('runs', () => {
  const runs = [...runSets(medium).values()].map((r) => r.run);

  it.each(INSTRUMENT_FORMATS)('%s runs have the instrument name format and lane count', (container, pattern, lanes) => {
    const matching = runs.filter((r) => r.containerModel === container);
    expect(matching.length).toBeGreaterThan(0);
    for (const run of matching) {
      expect(run.name).toMatch(pattern);
      expect(run.name.slice(0, 6)).toBe(run.startDate!.slice(2).replaceAll('-', ''));
      expect(run.lanes.map((l) => l.laneNumber)).toEqual(Array.from({ length: lanes }, (_, i) => i + 1));
    }
  });

  it('have unique integer ids and names, 2×151 and 2×101 parameters', () => {
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    expect(new Set(runs.map((r) => r.name)).size).toBe(runs.length);
    expect(new Set(runs.map((r) => r.readLength))).toEqual(new Set([151, 101]));
    for (const run of runs) expect(run.sequencingParameters).toContain(`2×${run.readLength}`);
  });

  it('include sequencing in progress, failing run metrics and lanes missing a read', () => {
    expect(runs.some((r) => r.completionDate === null && r.percentOverQ30 === null)).toBe(true);
    expect(runs.some((r) => r.percentOverQ30 !== null && r.percentOverQ30 < 75)).toBe(true);
    expect(runs.some((r) => r.lanes.some((l) => l.percentPfixRead1 !== null && l.percentPfixRead1 <= 0.1))).toBe(true);
    expect(runs.some((r) => r.completionDate && r.lanes.some((l) => l.percentOverQ30Read1 === null))).toBe(true);
    expect(runs.some((r) => r.completionDate && r.lanes.some((l) => l.percentOverQ30Read2 === null))).toBe(true);
    // S4 needs 1.6B per lane; one lane of a run below it is a per-lane failure.
    const lowLane = (r: Run) => r.lanes.some((l) => l.clustersPf !== null && l.clustersPf < 1.6e9);
    expect(runs.some((r) => r.containerModel === 'S4' && lowLane(r))).toBe(true);
    for (const run of runs.filter((r) => r.clustersPf !== null && r.completionDate)) {
      expect(run.clustersPf).toBe(run.lanes.reduce((sum, l) => sum + (l.clustersPf ?? 0), 0));
    }
  });

  it('lanes option only lowers the lane count', () => {
    const oneLane = parse({ ...MEDIUM, runs: 10, lanes: 1 });
    for (const { run } of runSets(oneLane).values()) expect(run.lanes).toHaveLength(1);
    const many = parse({ ...MEDIUM, runs: 10, lanes: 20 });
    for (const { run } of runSets(many).values()) expect(run.lanes.length).toBeLessThanOrEqual(8);
  });
});

describe('run-libraries', () => {
  const libraries = runLibraries(medium);

  it('have run-library ids for their run and lane, and each aliquot is one library', () => {
    const aliquots = new Map<string, string>();
    for (const s of libraries) {
      const match = /^(\d+)_(\d+)_LDI(\d+)$/.exec(s.id);
      expect(match, s.id).not.toBeNull();
      expect(Number(match![1])).toBe(s.run!.id);
      expect(match![2]).toBe(s.sequencingLane);
      expect(Number(s.sequencingLane)).toBeLessThanOrEqual(s.run!.lanes.length);
      const known = aliquots.get(match![3]);
      if (known) expect(known).toBe(s.name);
      aliquots.set(match![3], s.name);
      const alias = `^${s.donor!.name}_${s.tissueOrigin}_${s.tissueType}_PE_\\d+_${s.libraryDesignCode}$`;
      expect(s.name).toMatch(new RegExp(alias));
    }
    const ids = [...libraries.map((s) => s.id), ...medium.omittedRunSamples.map((s) => s.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const omitted of medium.omittedRunSamples) expect(aliquots.has(omitted.id.split('LDI')[1])).toBe(false);
  });

  it('cover every library design, both concentration units and one, two or no assays', () => {
    expect(new Set(libraries.map((s) => s.libraryDesignCode))).toEqual(
      new Set(['WG', 'WT', 'EX', 'TS', 'CM', 'SW', 'PG']),
    );
    expect(new Set(libraries.map((s) => s.concentrationUnits))).toEqual(
      new Set(['NANOGRAMS_PER_MICROLITRE', 'NANOMOLAR']),
    );
    expect(new Set(libraries.map((s) => s.assayIds.length))).toEqual(new Set([0, 1, 2]));
  });

  it('never have "metrics": null, which Cardea cannot send (its sample model holds a list, possibly empty)', () => {
    for (const options of [SMALL, FOUR_RUNS, MEDIUM]) {
      const text = serialize(options);
      expect(text).toContain('"metrics":[]');
      expect(text).not.toMatch(/"metrics":null/);
    }
  });

  it('have preliminary-only values', () => {
    expect(libraries.some((s) => s.preliminaryClustersPerSample !== null && s.clustersPerSample === null)).toBe(true);
    const preliminaryCoverage = (s: Sample) =>
      s.preliminaryMeanCoverageDeduplicated !== null && s.meanCoverageDeduplicated === null;
    expect(libraries.some(preliminaryCoverage)).toBe(true);
    expect(libraries.some((s) => s.metrics?.some((m) => m.preliminary === true))).toBe(true);
  });

  it('have metrics lists of every shape: empty, SAMPLE/RUN/LANE entries with pass, fail and pending flags', () => {
    const entries = libraries.flatMap((s) => s.metrics ?? []);
    expect(libraries.some((s) => s.metrics?.length === 0)).toBe(true);
    expect(new Set(entries.map((m) => m.metricLevel))).toEqual(new Set(['SAMPLE', 'RUN', 'LANE']));
    expect(new Set(entries.map((m) => m.qcPassed))).toEqual(new Set([true, false, null]));
    expect(entries.some((m) => m.metricLevel === 'LANE' && (m.laneValues?.length ?? 0) > 0)).toBe(true);
    const q30 = entries.filter((m) => m.name === 'Bases Over Q30' && m.metricLevel === 'RUN');
    expect(q30.some((m) => m.laneValues?.some((l) => l.read1Value !== null && l.read2Value !== null))).toBe(true);
    const authenticated = entries.filter((m) => m.name === 'Sample Authenticated' && m.thresholdType === 'BOOLEAN');
    expect(authenticated.some((m) => m.qcPassed === true)).toBe(true);
  });

  it('have values above, below and exactly at thresholds, and missing values', () => {
    const entries = libraries
      .flatMap((s) => s.metrics ?? [])
      .filter((m) => m.metricLevel === 'SAMPLE' && m.value !== null);
    const scale = (units: string | null) => ({ K: 1e3, M: 1e6, B: 1e9 })[units?.[0] ?? ''] ?? 1;
    expect(entries.some((m) => m.minimum !== null && m.value === m.minimum * scale(m.units))).toBe(true);
    expect(entries.some((m) => m.maximum !== null && m.value === m.maximum * scale(m.units))).toBe(true);
    expect(entries.some((m) => m.qcPassed === false && m.preliminary !== true)).toBe(true);
    const missingInsert = (s: Sample) =>
      s.libraryDesignCode === 'WG' && s.run?.completionDate && s.meanInsertSize === null;
    expect(libraries.some(missingInsert)).toBe(true);
  });

  it('have QC outcomes: passed, failed, top-up required, analysis skipped, data review failed', () => {
    expect(libraries.some((s) => s.qcPassed === true && s.qcReason === 'Passed' && s.qcUser && s.qcDate)).toBe(true);
    expect(libraries.some((s) => s.qcPassed === false && s.qcReason === 'Failed')).toBe(true);
    expect(libraries.some((s) => s.qcPassed === null && s.qcReason === 'Top-up Required' && s.qcDate)).toBe(true);
    expect(libraries.some((s) => s.analysisSkipped === true)).toBe(true);
    expect(libraries.some((s) => s.dataReviewPassed === false && s.dataReviewDate)).toBe(true);
  });

  it('are listed as omitted when they belong to no case', () => {
    expect(medium.omittedRunSamples.length).toBeGreaterThan(0);
    const runIds = new Set(runSets(medium).keys());
    for (const omitted of medium.omittedRunSamples) {
      expect(runIds).toContain(omitted.runId);
      expect(omitted.id).toBe(`${omitted.runId}_${omitted.sequencingLane}_LDI${omitted.id.split('LDI')[1]}`);
    }
    expect((medium.omittedSamples ?? []).length).toBeGreaterThan(0);
  });
});

describe('notification states (docs/notifications-and-tickets.md#readiness)', () => {
  it('every state occurs for library-qualification and full-depth runs', () => {
    const states = statesByKind(medium);
    const all: NotificationState[] = ['pendingAnalysis', 'pendingQc', 'pendingDataReview', 'done'];
    expect([...states.LQ].sort()).toEqual([...all].sort());
    expect([...states.FD].sort()).toEqual([...all].sort());
  });

  it('a four-run document still has pending QC and pending data review runs of both kinds', () => {
    const states = statesByKind(parse(FOUR_RUNS));
    for (const kind of ['LQ', 'FD'] as const) {
      expect(states[kind]).toContain('pendingQc');
      expect(states[kind]).toContain('pendingDataReview');
    }
  });

  it('LQ runs are ready only when all libraries are available; FD runs when any one is', () => {
    const sets = [...runSets(medium).values()];
    const partlyAvailable = (libraries: Map<string, Sample>) => {
      const list = [...libraries.values()];
      return list.some(metricsAvailable) && !list.every(metricsAvailable);
    };
    const lq = sets.filter((s) => s.lq.size > 0);
    const fd = sets.filter((s) => s.fd.size > 0);
    expect(lq.some((s) => partlyAvailable(s.lq) && !lqReady(s))).toBe(true);
    expect(lq.some((s) => lqReady(s) && notificationState(s) === 'pendingQc')).toBe(true);
    expect(fd.some((s) => partlyAvailable(s.fd) && fdReady(s))).toBe(true);
    expect(fd.some((s) => ![...s.fd.values()].some(metricsAvailable) && !fdReady(s))).toBe(true);
    // Only the run's own sign-off outstanding: LQ is still ready.
    const onlyRunPending = (s: RunSets) => [...s.lq.values()].every((l) => l.dataReviewDate) && !s.run.dataReviewDate;
    expect(lq.some((s) => onlyRunPending(s) && lqReady(s))).toBe(true);
  });

  it('every run holds at least one case-linked library', () => {
    const linked = new Set(runSets(medium).keys());
    for (const omitted of medium.omittedRunSamples) expect(linked).toContain(omitted.runId);
  });
});

describe('cases', () => {
  it('sit at every sign-off step, including stopped and paused ones', () => {
    const steps = new Set(medium.cases.map(signOffStep));
    for (const step of ['analysisReview', 'releaseApproval', 'release', 'done']) expect(steps).toContain(step);
    const stopped = medium.cases.filter((c) => c.requisition.stopped);
    expect(stopped.length).toBeGreaterThan(0);
    for (const c of stopped) expect(c.requisition.stopReason).toBeTruthy();
    expect(stopped.some((c) => c.deliverables.some((d) => d.releaseApprovalQcStatus === null))).toBe(true);
    expect(medium.cases.some((c) => c.requisition.paused && c.requisition.pauseReason)).toBe(true);
  });

  it('use every non-pending status of each step', () => {
    const deliverables = medium.cases.flatMap((c) => c.deliverables);
    expect(new Set(deliverables.map((d) => d.analysisReviewQcStatus))).toEqual(
      new Set([null, 'PASSED', 'FAILED', 'NOT_APPLICABLE']),
    );
    expect(new Set(deliverables.map((d) => d.releaseApprovalQcStatus))).toEqual(
      new Set([null, 'PASSED_PROCEED', 'FAILED_PROCEED', 'FAILED_STOP', 'NOT_APPLICABLE']),
    );
    expect(new Set(deliverables.flatMap((d) => d.releases.map((r) => r.qcStatus)))).toEqual(
      new Set([null, 'PASSED_RELEASE', 'STAGED', 'FAILED_RELEASE', 'FAILED_STOP', 'NOT_APPLICABLE']),
    );
    const signed = deliverables.filter((d) => d.analysisReviewQcStatus !== null);
    for (const d of signed) expect(d.analysisReviewQcUser && d.analysisReviewQcDate).toBeTruthy();
    expect(deliverables.some((d) => d.analysisReviewSkipped)).toBe(true);
  });

  it('take deliverables from their projects and hold tests with LQ on small runs and FD on NovaSeq', () => {
    for (const c of medium.cases) {
      const categories = c.projects.flatMap((p) => Object.keys(p.deliverables));
      expect(c.deliverables.map((d) => d.deliverableCategory)).toEqual(categories);
      for (const d of c.deliverables) {
        const names = c.projects.flatMap((p) => p.deliverables[d.deliverableCategory] ?? []);
        expect(d.releases.map((r) => r.deliverable)).toEqual(names);
      }
      for (const t of c.tests) {
        for (const s of t.libraryQualifications) expect(s.run!.containerModel).toMatch(/MiSeq|NextSeq/);
        for (const s of t.fullDepthSequencings) expect(s.run!.containerModel).not.toMatch(/MiSeq|NextSeq/);
        if (t.libraryQualificationSkipped) expect(t.libraryQualifications).toHaveLength(0);
      }
    }
    const testNames = new Set(medium.cases.flatMap((c) => c.tests.map((t) => t.name)));
    for (const name of ['Normal WG', 'Tumour WG', 'Tumour WT']) expect(testNames).toContain(name);
    const releases = medium.cases.flatMap((c) => c.projects.flatMap((p) => p.deliverables['Data Release'] ?? []));
    expect(releases).toContain('cBioPortal Submission');
  });
});

// ---- HTTP ------------------------------------------------------------------------------------------

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  complete: boolean;
}

/** A GET that reports what arrived even when the server cuts the connection. */
function rawGet(url: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      const chunks: Buffer[] = [];
      let complete = false;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => (complete = true));
      res.on('error', () => undefined);
      res.on('close', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The Cardea app as the sandbox serves it, fault injection included (a test adds faults to hit it). */
async function serve(world: World): Promise<string> {
  const { url, close } = await serveSystem('cardea', world, createCardeaApp(world));
  closers.push(close);
  return url;
}

const smallWorld = (etlDelayMs = 5) => new World(generateCaseData(SMALL), { etlDelayMs });

describe('Cardea app', () => {
  it('serves /timestamp as a quoted JSON string', async () => {
    const world = smallWorld();
    const response = await fetch(`${await serve(world)}/timestamp`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text).toBe(`"${world.timestamp}"`);
    expect(JSON.parse(text)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('streams /dimsum as the serialized document, the same again on a repeat download', async () => {
    const world = new World(generateCaseData(MEDIUM), { etlDelayMs: 5 });
    const url = await serve(world);
    const first = await fetch(`${url}/dimsum`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await first.text();
    expect(text).toBe([...serializeCaseData(world.caseData)].join(''));
    expect(CaseData.parse(JSON.parse(text)).timestamp).toBe(world.timestamp);
    const second = await fetch(`${url}/dimsum`);
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(await second.text()).toBe(text);
  });

  it('an ETL update moves /timestamp and changes /dimsum', async () => {
    const world = smallWorld(10);
    const url = await serve(world);
    const before = await (await fetch(`${url}/timestamp`)).json();
    const library = world.caseData.cases[0].tests![0].libraryQualifications![0];
    const oldDocument = await (await fetch(`${url}/dimsum`)).text();
    world.scheduleEtl(() => {
      library.qcPassed = false;
      library.qcReason = 'Failed';
      library.qcDate = '2026-11-24';
    });
    await world.etlSettled();
    const after = await (await fetch(`${url}/timestamp`)).json();
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    const updated = CaseData.parse(await (await fetch(`${url}/dimsum`)).json());
    const served = updated.cases[0].tests[0].libraryQualifications.find((s) => s.id === library.id)!;
    expect(served).toMatchObject({ qcPassed: false, qcReason: 'Failed', qcDate: '2026-11-24' });
    expect(updated.timestamp).toBe(after);
    expect(JSON.parse(oldDocument).timestamp).toBe(before);
  });

  it('keeps serving the loaded document until the timestamp moves, like Cardea', async () => {
    const world = smallWorld();
    const url = await serve(world);
    const first = await (await fetch(`${url}/dimsum`)).text();
    world.caseData.cases[0].id = 'CHANGED_WITHOUT_ETL';
    expect(await (await fetch(`${url}/dimsum`)).text()).toBe(first);
    world.bumpTimestamp();
    expect(await (await fetch(`${url}/dimsum`)).text()).toContain('CHANGED_WITHOUT_ETL');
  });

  it('a download cut short by the client leaves the next one whole', async () => {
    const world = new World(generateCaseData(MEDIUM), { etlDelayMs: 5 });
    const url = await serve(world);
    const controller = new AbortController();
    const aborted = await fetch(`${url}/dimsum`, { signal: controller.signal });
    const reader = aborted.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.read().catch(() => undefined);
    const whole = await rawGet(`${url}/dimsum`);
    expect(whole.complete).toBe(true);
    expect(CaseData.safeParse(JSON.parse(whole.body)).success).toBe(true);
  });

  it('answers unknown paths with a Spring-style 404 and / with a status page', async () => {
    const url = await serve(smallWorld());
    const missing = await fetch(`${url}/cases-by-magic`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, error: 'Not Found', path: '/cases-by-magic' });
    const home = await fetch(`${url}/`);
    expect(await home.text()).toContain('Cardea sandbox');
  });
});

describe('Cardea faults', () => {
  it('truncate: the body is cut short and is not JSON', async () => {
    const world = smallWorld();
    world.faults.add({ system: 'cardea', path: '/dimsum', truncate: true, times: 1 });
    const url = await serve(world);
    const cut = await rawGet(`${url}/dimsum`);
    expect(cut.complete).toBe(false);
    expect(Buffer.byteLength(cut.body)).toBeLessThan(Number(cut.headers['content-length']));
    expect(() => JSON.parse(cut.body)).toThrow();
    const next = await rawGet(`${url}/dimsum`);
    expect(() => JSON.parse(next.body)).not.toThrow();
  });

  it('reset: the connection drops without an answer, once', async () => {
    const world = smallWorld();
    world.faults.add({ system: 'cardea', path: '/dimsum', reset: true, times: 1 });
    const url = await serve(world);
    await expect(fetch(`${url}/dimsum`)).rejects.toThrow();
    expect((await fetch(`${url}/dimsum`)).status).toBe(200);
  });

  it('malformed: a 200 whose body is not JSON', async () => {
    const world = smallWorld();
    world.faults.add({ system: 'cardea', path: '/dimsum', malformed: true });
    const response = await rawGet(`${await serve(world)}/dimsum`);
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.body)).toThrow();
  });

  it.each([
    [{ status: 500 }, 500, undefined],
    [{ status: 429, retryAfterSeconds: 7 }, 429, '7'],
  ])('%o gives HTTP %i', async (fault, status, retryAfter) => {
    const world = smallWorld();
    world.faults.add({ system: 'cardea', path: '/dimsum', ...fault });
    const url = await serve(world);
    const response = await fetch(`${url}/dimsum`);
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after') ?? undefined).toBe(retryAfter);
    // /timestamp is a different path and is not hit.
    expect((await fetch(`${url}/timestamp`)).status).toBe(200);
  });
});

describe('Cardea before its first load', () => {
  const start = async (cardeaLoadingMs?: number) => {
    const sandbox = await startSandbox({ generator: SMALL, etlDelayMs: 5, cardeaLoadingMs });
    closers.push(() => sandbox.close());
    return sandbox;
  };
  const control = (url: string, path: string, body: unknown = {}) =>
    fetch(`${url}/__sandbox/cardea/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers /timestamp and /dimsum with a 200 and no body at all (not the JSON null) during its loading window', async () => {
    const { urls, world } = await start(10 * 60_000);
    for (const path of ['/timestamp', '/dimsum']) {
      const response = await rawGet(`${urls.cardea}${path}`);
      expect(response).toMatchObject({ status: 200, body: '', complete: true });
      expect(response.headers['content-length']).toBe('0');
    }
    expect(await readCardeaTimestamp(urls.cardea)).toBeNull();

    expect((await control(urls.cardea, 'load')).status).toBe(204);
    expect(await readCardeaTimestamp(urls.cardea)).toBe(world.timestamp);
  });

  it('is loaded at once by default, and a restart takes it back to "not loaded" until it loads again', async () => {
    const { urls, world } = await start();
    expect(await readCardeaTimestamp(urls.cardea)).toBe(world.timestamp);
    expect((await control(urls.cardea, 'restart')).status).toBe(204);
    expect((await rawGet(`${urls.cardea}/timestamp`)).body).toBe('');
    await control(urls.cardea, 'load');
    expect(CaseData.parse(await (await fetch(`${urls.cardea}/dimsum`)).json()).timestamp).toBe(world.timestamp);
    expect((await control(urls.cardea, 'restart', { loadingMs: -1 })).status).toBe(400);
  });
});
