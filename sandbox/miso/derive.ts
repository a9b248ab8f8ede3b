import type { CaseDataInput, RunInput } from '../../lib/cardea/schema';
import type { QcEntityType, RunLibraryQcStatus } from '../../lib/miso/schema';
import { emptyQc, qcKey, type MisoModel, type MisoPartition, type MisoRun, type QcRecord } from './model';
import { collectSources, type RunLibrarySource } from './sources';
import { PLATFORM_TYPES, type PlatformType } from './type-data';

// Builds MISO's side of the world from whatever Cardea document the sandbox serves. Names and ids
// are derived deterministically: the same document always gives the same MISO.

export interface DeriveOptions {
  runLibraryQcStatuses: RunLibraryQcStatus[];
  /** Share of tissues, stocks, libraries and aliquots that start out failed (by a hash of the alias). */
  ancestorFailureRate: number;
}

const READY = 1;
const FAILED_QC = 3;

/** FNV-1a, scaled to [0, 1): a stable pseudo-random draw per name. */
function draw(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

class Registry {
  private next: number;
  readonly ids = new Map<string, number>();
  constructor(first: number) {
    this.next = first;
  }
  /** The id for `key`, and whether it was just created. */
  take(key: string): [number, boolean] {
    const known = this.ids.get(key);
    if (known !== undefined) return [known, false];
    const id = this.next++;
    this.ids.set(key, id);
    return [id, true];
  }
}

function platformOf(run: RunInput | null, alias: string): PlatformType {
  const text = `${run?.containerModel ?? ''} ${run?.sequencingParameters ?? ''} ${alias}`;
  const name = /promethion|minion|flongle|flo-/i.test(text)
    ? 'OXFORDNANOPORE'
    : /smrt|sequel|revio/i.test(text)
      ? 'PACBIO'
      : 'ILLUMINA';
  return PLATFORM_TYPES.find((p) => p.name === name) ?? PLATFORM_TYPES[0];
}

const INSTRUMENT_MODELS: [RegExp, string][] = [
  [/^LH/, 'Illumina NovaSeq X'],
  [/^A/, 'Illumina NovaSeq 6000'],
  [/^M/, 'Illumina MiSeq'],
  [/^(NB|NS)/, 'Illumina NextSeq 550'],
  [/^(D|SN|K)/, 'Illumina HiSeq 2500'],
];

function instrumentModelOf(instrument: string, platform: PlatformType): string {
  if (platform.name === 'PACBIO') return 'PacBio Sequel II';
  if (platform.name === 'OXFORDNANOPORE') return 'Oxford Nanopore PromethION';
  return INSTRUMENT_MODELS.find(([pattern]) => pattern.test(instrument))?.[1] ?? 'Illumina NovaSeq 6000';
}

/** `221222_A00469_0405_AHYGHJDSX3` → `HYGHJDSX3` (the A/B prefix is the flow cell side). */
function containerBarcodeOf(alias: string): string {
  const last = alias.split('_').pop() || alias;
  return /^[AB][A-Z0-9]{8,}$/.test(last) ? last.slice(1) : last;
}

const MODEL_LANES: [RegExp, number][] = [
  [/\bS4\b/i, 4],
  [/\b(S1|S2|SP)\b/i, 2],
  [/\b(10B|25B)\b/i, 8],
  [/\b1\.5B\b/i, 2],
];

function laneCount(run: RunInput | null, observed: number[]): number {
  const fromModel = MODEL_LANES.find(([pattern]) => pattern.test(run?.containerModel ?? ''))?.[1] ?? 1;
  const fromLanes = (run?.lanes ?? []).map((l) => l.laneNumber);
  return Math.max(fromModel, ...fromLanes, ...observed);
}

function runLibraryStatus(source: RunLibrarySource, statuses: RunLibraryQcStatus[]): RunLibraryQcStatus | undefined {
  if (source.qcReason) {
    const byDescription = statuses.find((s) => s.description === source.qcReason);
    if (byDescription) return byDescription;
  }
  if (source.qcPassed === null) return undefined;
  return statuses.find((s) => s.qcPassed === source.qcPassed);
}

export function deriveModel(caseData: CaseDataInput, options: DeriveOptions): MisoModel {
  const model: MisoModel = {
    runs: new Map(),
    runsByAlias: new Map(),
    samples: new Map(),
    libraries: new Map(),
    aliquots: new Map(),
    pools: new Map(),
    qc: new Map(),
  };
  const ids = {
    sample: new Registry(10001),
    library: new Registry(40001),
    pool: new Registry(7001),
    container: new Registry(3001),
    partition: new Registry(20001),
    instrument: new Registry(51),
    instrumentModel: new Registry(11),
  };
  const setQc = (type: QcEntityType, key: number[], qc: Partial<QcRecord>) =>
    model.qc.set(qcKey(type, key), { ...emptyQc(), ...qc });
  const detailedQc = (alias: string): Partial<QcRecord> =>
    draw(alias) < options.ancestorFailureRate
      ? { qcStatusId: FAILED_QC, qcPassed: false, qcNote: 'Failed in the sandbox on purpose' }
      : { qcStatusId: READY, qcPassed: true };

  const sample = (alias: string, sampleClass: string, parentId: number | null, canFail: boolean): number => {
    const [id, created] = ids.sample.take(alias);
    if (created) {
      model.samples.set(id, { id, name: `SAM${id}`, alias, sampleClass, parentId });
      setQc('Sample', [id], canFail ? detailedQc(`${sampleClass}:${alias}`) : { qcStatusId: READY, qcPassed: true });
    }
    return id;
  };

  const addAncestors = (source: RunLibrarySource): void => {
    if (model.aliquots.has(source.aliquotId)) return;
    const donor = source.donorName ?? (source.name.split('_').slice(0, 2).join('_') || source.name);
    const rna = /RNA/i.test(source.nucleicAcidType ?? '') || /^(WT|MR|SM)$/.test(source.libraryDesignCode ?? '');
    const identity = sample(donor, 'Identity', null, false);
    const tissueAlias = `${donor}_${source.tissueOrigin ?? 'nn'}_${source.tissueType ?? 'n'}_nn_1-1`;
    const tissue = sample(tissueAlias, 'Tissue', identity, true);
    const stockAlias = `${tissueAlias}_${rna ? 'R' : 'D'}_1`;
    const stock = sample(stockAlias, rna ? 'whole RNA (stock)' : 'gDNA (stock)', tissue, true);
    const aliquotSample = sample(`${stockAlias}_1`, rna ? 'whole RNA (aliquot)' : 'gDNA (aliquot)', stock, false);
    const libraryAlias = source.name.replace(/-\d+$/, '');
    const [libraryId, newLibrary] = ids.library.take(libraryAlias);
    if (newLibrary) {
      model.libraries.set(libraryId, {
        id: libraryId,
        name: `LIB${libraryId}`,
        alias: libraryAlias,
        sampleId: aliquotSample,
      });
      setQc('Library', [libraryId], detailedQc(`Library:${libraryAlias}`));
    }
    model.aliquots.set(source.aliquotId, {
      id: source.aliquotId,
      name: `LDI${source.aliquotId}`,
      alias: source.name,
      libraryId,
      project: source.project,
      requisitionId: source.requisitionId,
      tissueOrigin: source.tissueOrigin,
      tissueType: source.tissueType,
      libraryDesignCode: source.libraryDesignCode,
    });
    setQc('Library Aliquot', [source.aliquotId], detailedQc(`Library Aliquot:${source.name}`));
  };

  const byRun = new Map<number, RunLibrarySource[]>();
  for (const source of collectSources(caseData)) {
    const list = byRun.get(source.runId);
    if (list) list.push(source);
    else byRun.set(source.runId, [source]);
    addAncestors(source);
  }

  for (const [runId, sources] of byRun) {
    const cardeaRun = sources.find((s) => s.run)?.run ?? null;
    const alias = cardeaRun?.name ?? sources[0].runName;
    const platform = platformOf(cardeaRun, alias);
    const instrumentName = alias.split('_')[1] || 'SANDBOX-SEQ';
    const instrumentModelAlias = instrumentModelOf(instrumentName, platform);
    const containerBarcode = containerBarcodeOf(alias);
    const partitions: MisoPartition[] = [];
    const poolsByContents = new Map<string, number>();
    for (
      let number = 1;
      number <=
      laneCount(
        cardeaRun,
        sources.map((s) => s.lane),
      );
      number++
    ) {
      const [partitionId] = ids.partition.take(`${runId}:${number}`);
      const aliquotIds = [...new Set(sources.filter((s) => s.lane === number).map((s) => s.aliquotId))];
      let poolId: number | null = null;
      if (aliquotIds.length > 0) {
        const contents = aliquotIds.join(',');
        poolId = poolsByContents.get(contents) ?? null;
        if (poolId === null) {
          [poolId] = ids.pool.take(`${runId}:${contents}`);
          poolsByContents.set(contents, poolId);
          const poolAlias = `POOL_${containerBarcode}_${poolsByContents.size}`;
          model.pools.set(poolId, { id: poolId, name: `IPO${poolId}`, alias: poolAlias, aliquotIds });
          setQc('Pool', [poolId], { qcPassed: true });
        }
      }
      partitions.push({ id: partitionId, number, poolId });
      setQc('Run-Partition', [runId, partitionId], { qcStatusId: cardeaRun?.qcPassed === true ? 1 : null });
    }
    const run: MisoRun = {
      id: runId,
      name: `RUN${runId}`,
      alias,
      platform,
      health: cardeaRun?.completionDate ? 'Completed' : 'Running',
      instrumentId: ids.instrument.take(instrumentName)[0],
      instrumentName,
      instrumentModelId: ids.instrumentModel.take(instrumentModelAlias)[0],
      instrumentModelAlias,
      containerId: ids.container.take(containerBarcode)[0],
      containerBarcode,
      containerModel: cardeaRun?.containerModel ?? null,
      sequencingParameters: cardeaRun?.sequencingParameters ?? null,
      readLength: cardeaRun?.readLength ?? null,
      readLength2: cardeaRun?.readLength2 ?? null,
      startDate: cardeaRun?.startDate ?? null,
      endDate: cardeaRun?.completionDate ?? null,
      partitions,
      runLibraries: sources.map((s) => ({
        runId,
        partitionId: partitions[s.lane - 1].id,
        partitionNumber: s.lane,
        aliquotId: s.aliquotId,
        cardeaId: s.cardeaId,
      })),
    };
    model.runs.set(runId, run);
    model.runsByAlias.set(alias, run);
    setQc('Run', [runId], {
      qcPassed: cardeaRun?.qcPassed ?? null,
      qcUser: cardeaRun?.qcUser ?? null,
      qcDate: cardeaRun?.qcDate ?? null,
      dataReview: cardeaRun?.dataReviewPassed ?? null,
      dataReviewer: cardeaRun?.dataReviewUser ?? null,
      dataReviewDate: cardeaRun?.dataReviewDate ?? null,
    });
    for (const [i, source] of sources.entries()) {
      const status = runLibraryStatus(source, options.runLibraryQcStatuses);
      setQc('Run-Library', [runId, run.runLibraries[i].partitionId, source.aliquotId], {
        qcStatusId: status?.id ?? null,
        qcPassed: status?.qcPassed ?? null,
        qcNote: source.qcNote,
        qcUser: status ? source.qcUser : null,
        qcDate: status ? source.qcDate : null,
        dataReview: source.dataReviewPassed,
        dataReviewer: source.dataReviewUser,
        dataReviewDate: source.dataReviewDate,
      });
    }
  }
  return model;
}
