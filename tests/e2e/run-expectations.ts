import { CaseData, type CaseDataInput, type Run, type Sample } from '../../lib/cardea/schema';
import { runNotification, type RunNotification } from '../../lib/qc/notifications';
import type { AssaysById } from '../../lib/qc/applicability';
import { metricColumns } from '../../lib/qc/columns';
import { evaluateCell, type Outcome } from '../../lib/qc/evaluate';

// What the run overlay must show, computed from the sandbox's own Cardea document with the QC
// engine (docs/qc-rules.md#which-run-libraries-appear-where grouping: each run's LQ and FD run-libraries, de-duplicated by id).

export type Category = 'LIBRARY_QUALIFICATION' | 'FULL_DEPTH_SEQUENCING';

export interface ExpectedTable {
  key: 'lq' | 'fd';
  category: Category;
  columns: string[];
  samples: Sample[];
  /** run-library id → metric name → outcome */
  outcomes: Map<string, Map<string, Outcome>>;
  /** run-library id → metric name → the raw value that was judged */
  values: Map<string, Map<string, number | null>>;
}

export interface ExpectedRun {
  runName: string;
  tables: ExpectedTable[];
}

export interface RunGroup {
  run: Run;
  lq: Map<string, Sample>;
  fd: Map<string, Sample>;
}

/** The sandbox document's runs as docs/qc-rules.md#which-run-libraries-appear-where groups them: LQ and FD run-libraries by run, de-duplicated by id. */
export function runsOf(caseData: CaseDataInput): Map<string, RunGroup> {
  const runs = new Map<string, RunGroup>();
  const add = (key: 'lq' | 'fd', sample: Sample) => {
    if (!sample.run) return;
    const entry = runs.get(sample.run.name) ?? { run: sample.run, lq: new Map(), fd: new Map() };
    runs.set(sample.run.name, entry);
    if (!entry[key].has(sample.id)) entry[key].set(sample.id, sample);
  };
  for (const c of CaseData.parse(caseData).cases) {
    for (const t of c.tests) {
      t.libraryQualifications.forEach((s) => add('lq', s));
      t.fullDepthSequencings.forEach((s) => add('fd', s));
    }
  }
  return runs;
}

/** Each run's notification as the QC engine computes it (no open ticket). */
export function notificationsOf(
  caseData: CaseDataInput,
): Map<string, { group: RunGroup; notification: RunNotification | null }> {
  return new Map(
    [...runsOf(caseData)].map(([name, group]) => [
      name,
      {
        group,
        notification: runNotification({
          run: group.run,
          lq: [...group.lq.values()],
          fd: [...group.fd.values()],
          hasOpenTicket: false,
        }),
      },
    ]),
  );
}

export function expectedRuns(caseData: CaseDataInput): Map<string, ExpectedRun> {
  const assaysById: AssaysById = CaseData.parse(caseData).assaysById;
  const runs = new Map<string, ExpectedRun>();
  for (const [runName, entry] of runsOf(caseData)) {
    const tables: ExpectedTable[] = [];
    for (const [key, category] of [
      ['lq', 'LIBRARY_QUALIFICATION'],
      ['fd', 'FULL_DEPTH_SEQUENCING'],
    ] as const) {
      const samples = [...entry[key].values()];
      if (!samples.length) continue;
      const columns = metricColumns(category, samples, assaysById);
      const cells = new Map(
        samples.map((s) => [
          s.id,
          columns.map((column) => [column, evaluateCell(column, category, s, assaysById)] as const),
        ]),
      );
      const outcomes = new Map(
        [...cells].map(([id, row]) => [id, new Map(row.map(([column, cell]) => [column, cell.outcome]))]),
      );
      const values = new Map(
        [...cells].map(([id, row]) => [id, new Map(row.map(([column, cell]) => [column, cell.value]))]),
      );
      tables.push({ key, category, columns, samples, outcomes, values });
    }
    runs.set(runName, { runName, tables });
  }
  return runs;
}

export function outcomeCounts(run: ExpectedRun): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { pass: 0, fail: 0, unavailable: 0, na: 0 };
  for (const table of run.tables)
    for (const row of table.outcomes.values()) for (const outcome of row.values()) counts[outcome] += 1;
  return counts;
}
