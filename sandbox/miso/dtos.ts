import type { LibraryAliquotDto, PartitionDto, QcNodeDto, RunDto, RunPartitionAliquotDto } from '../../lib/miso/schema';
import { emptyQc, qcKey, type MisoModel, type MisoRun, type MisoRunLibrary, type QcRecord } from './model';

// MISO's DTOs (docs/qc-in-miso.md#reading-misos-run-page), built from the sandbox model. Field order follows
// the Java classes loosely; MISO's Jackson writes nulls, so do these.

const qcOf = (model: MisoModel, key: string): QcRecord => model.qc.get(key) ?? emptyQc();

export function runDto(model: MisoModel, run: MisoRun): RunDto & Record<string, unknown> {
  const qc = qcOf(model, qcKey('Run', [run.id]));
  const illumina = run.platform.name === 'ILLUMINA';
  return {
    type: run.platform.dtoType,
    id: run.id,
    name: run.name,
    alias: run.alias,
    description: null,
    status: run.health,
    lastModified: run.endDate ?? run.startDate,
    accession: null,
    platformType: run.platform.key,
    instrumentModelId: run.instrumentModelId,
    instrumentModelAlias: run.instrumentModelAlias,
    instrumentName: run.instrumentName,
    instrumentId: run.instrumentId,
    startDate: run.startDate,
    endDate: run.endDate,
    progress: null,
    sequencingParametersId: run.sequencingParameters ? run.instrumentModelId * 100 + 1 : null,
    sequencingParametersName: run.sequencingParameters,
    sequencingKitId: null,
    sequencingKitLot: null,
    runPath: `/sequencers/${run.instrumentName}/${run.alias}`,
    qcPassed: qc.qcPassed,
    qcUserName: qc.qcUser,
    qcDate: qc.qcDate,
    dataReview: qc.dataReview,
    dataReviewer: qc.dataReviewer,
    dataReviewDate: qc.dataReviewDate,
    projectsLabel: projectsLabel(model, run),
    sopId: null,
    dataManglingPolicy: 'NONE',
    ...(illumina && {
      workflowType: null,
      numCycles: (run.readLength ?? 0) + (run.readLength2 ?? 0) || null,
      calledCycles: null,
      imagedCycles: null,
      scoredCycles: null,
      pairedEnd: (run.readLength2 ?? 0) > 0,
      basesMask: null,
    }),
  };
}

function projectsLabel(model: MisoModel, run: MisoRun): string {
  const projects = new Set(run.runLibraries.map((rl) => model.aliquots.get(rl.aliquotId)?.project).filter(Boolean));
  return [...projects].sort().join(', ');
}

export function containerDtos(run: MisoRun): Record<string, unknown>[] {
  return [
    {
      id: run.containerId,
      identificationBarcode: run.containerBarcode,
      model: { alias: run.containerModel ?? run.platform.containerName, platformType: run.platform.name },
      partitionCount: run.partitions.length,
      platform: run.platform.name,
      lastModified: run.endDate ?? run.startDate,
    },
  ];
}

export function partitionDtos(model: MisoModel, run: MisoRun): PartitionDto[] {
  return run.partitions.map((partition) => {
    const qc = qcOf(model, qcKey('Run-Partition', [run.id, partition.id]));
    const pool = partition.poolId === null ? undefined : model.pools.get(partition.poolId);
    return {
      id: partition.id,
      partitionNumber: partition.number,
      containerId: run.containerId,
      containerName: run.containerBarcode,
      runPositionAlias: null,
      pool: pool
        ? {
            id: pool.id,
            name: pool.name,
            alias: pool.alias,
            qcPassed: qcOf(model, qcKey('Pool', [pool.id])).qcPassed,
            libraryAliquotCount: pool.aliquotIds.length,
          }
        : null,
      qcType: qc.qcStatusId ?? 0,
      qcNotes: qc.qcNote,
      runPurposeId: 1,
      loadingConcentration: null,
      loadingConcentrationUnits: null,
    };
  });
}

export function runAliquotDtos(model: MisoModel, run: MisoRun): RunPartitionAliquotDto[] {
  return run.runLibraries.map((rl, index) => {
    const qc = qcOf(model, qcKey('Run-Library', [rl.runId, rl.partitionId, rl.aliquotId]));
    const aliquot = model.aliquots.get(rl.aliquotId);
    return {
      id: index,
      runId: run.id,
      runAlias: run.alias,
      platformType: run.platform.name,
      containerId: run.containerId,
      containerIdentificationBarcode: run.containerBarcode,
      partitionId: rl.partitionId,
      partitionNumber: rl.partitionNumber,
      aliquotId: rl.aliquotId,
      aliquotName: `LDI${rl.aliquotId}`,
      aliquotAlias: aliquot?.alias ?? `LDI${rl.aliquotId}`,
      tissueOriginAlias: aliquot?.tissueOrigin ?? null,
      tissueOriginDescription: null,
      tissueTypeAlias: aliquot?.tissueType ?? null,
      tissueTypeDescription: null,
      libraryDesignCode: aliquot?.libraryDesignCode ?? null,
      runPurposeId: 1,
      qcStatusId: qc.qcStatusId,
      qcNote: qc.qcNote,
      qcUserName: qc.qcUser,
      qcDate: qc.qcDate,
      dataReview: qc.dataReview,
      dataReviewer: qc.dataReviewer,
      dataReviewDate: qc.dataReviewDate,
    };
  });
}

export function libraryAliquotDto(model: MisoModel, aliquotId: number): LibraryAliquotDto & Record<string, unknown> {
  const aliquot = model.aliquots.get(aliquotId);
  if (!aliquot) throw new Error(`No library aliquot ${aliquotId}`);
  const library = model.libraries.get(aliquot.libraryId);
  const sample = library ? model.samples.get(library.sampleId) : undefined;
  const qc = qcOf(model, qcKey('Library Aliquot', [aliquot.id]));
  return {
    type: 'Detailed',
    id: aliquot.id,
    name: aliquot.name,
    alias: aliquot.alias,
    libraryId: library?.id ?? null,
    libraryName: library?.name ?? null,
    libraryAlias: library?.alias ?? null,
    sampleId: sample?.id ?? null,
    sampleName: sample?.name ?? null,
    sampleAlias: sample?.alias ?? null,
    detailedQcStatusId: qc.qcStatusId,
    detailedQcStatusNote: qc.qcNote,
    qcUserName: qc.qcUser,
    qcDate: qc.qcDate,
    projectCode: aliquot.project,
    requisitionId: aliquot.requisitionId,
    libraryDesignCode: aliquot.libraryDesignCode,
    indexLabels: [],
    proportion: 1,
  };
}

type NodeIdentity = Pick<QcNodeDto, 'entityType' | 'typeLabel' | 'id' | 'ids' | 'name' | 'label'>;

function node(model: MisoModel, identity: NodeIdentity, key: string): QcNodeDto {
  const qc = qcOf(model, key);
  return {
    ...identity,
    qcPassed: qc.qcPassed,
    qcStatusId: qc.qcStatusId,
    qcNote: qc.qcNote,
    dataReview: qc.dataReview,
  };
}

const single = (
  entityType: NodeIdentity['entityType'],
  typeLabel: string,
  e: { id: number; name: string; alias: string },
): NodeIdentity => ({
  entityType,
  typeLabel,
  id: e.id,
  ids: null,
  name: e.name,
  label: e.alias,
});

/** The QC hierarchy on the direct path from the top sample down to the run-library (docs/qc-in-miso.md#run-library-metrics-page). */
export function qcNodes(model: MisoModel, run: MisoRun, rl: MisoRunLibrary): QcNodeDto[] {
  const aliquot = model.aliquots.get(rl.aliquotId);
  const library = aliquot ? model.libraries.get(aliquot.libraryId) : undefined;
  const samples = [];
  for (let id = library?.sampleId ?? null; id !== null;) {
    const sample = model.samples.get(id);
    if (!sample) break;
    samples.unshift(sample);
    id = sample.parentId;
  }
  const nodes = samples.map((s) => node(model, single('Sample', s.sampleClass, s), qcKey('Sample', [s.id])));
  if (library) nodes.push(node(model, single('Library', 'Library', library), qcKey('Library', [library.id])));
  if (aliquot)
    nodes.push(
      node(model, single('Library Aliquot', 'Library Aliquot', aliquot), qcKey('Library Aliquot', [aliquot.id])),
    );
  const partition = run.partitions.find((p) => p.id === rl.partitionId);
  const pool = partition?.poolId == null ? undefined : model.pools.get(partition.poolId);
  if (pool)
    nodes.push({
      ...node(model, single('Pool', 'Pool', pool), qcKey('Pool', [pool.id])),
      qcStatusId: null,
      qcNote: null,
    });
  nodes.push({ ...node(model, single('Run', 'Run', run), qcKey('Run', [run.id])), qcStatusId: null, qcNote: null });
  const partitionLabel = `${run.alias} partition ${rl.partitionNumber}`;
  const partitionIdentity: NodeIdentity = {
    entityType: 'Run-Partition',
    typeLabel: 'Run-Partition',
    id: null,
    ids: [run.id, rl.partitionId],
    name: null,
    label: partitionLabel,
  };
  // A partition has no pass/fail, so it never counts towards the effective status.
  nodes.push({ ...node(model, partitionIdentity, qcKey('Run-Partition', [run.id, rl.partitionId])), qcPassed: null });
  const runLibraryIdentity: NodeIdentity = {
    entityType: 'Run-Library',
    typeLabel: 'Run-Library',
    id: null,
    ids: [run.id, rl.partitionId, rl.aliquotId],
    name: null,
    label: `${partitionLabel} - ${aliquot?.alias ?? `LDI${rl.aliquotId}`}`,
  };
  nodes.push(node(model, runLibraryIdentity, qcKey('Run-Library', [run.id, rl.partitionId, rl.aliquotId])));
  return nodes;
}
