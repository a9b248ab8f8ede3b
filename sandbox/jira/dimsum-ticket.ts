import type { CaseDataInput, RunInput, SampleInput } from '../../lib/cardea/schema';

// Dimsum's run QC ticket text (docs/notifications-and-tickets.md#readiness, docs/notifications-and-tickets.md#ticket-text), so seeded tickets look exactly like the ones
// Dimsum makes: the same lines, the same wiki link, and the `Internal use: <R…A…Q…D…>` code at the end.

export const DIMSUM_URL = 'https://dimsum.example.org';
export const OVERRIDE_LINE = '\n\nTo permanently close this issue without completing, set resolution to "Won\'t Do."';

/**
 * The summary Dimsum gives a run's ticket: the run name and a fixed suffix, which is how Dimsum, and
 * Bao after it, find the ticket again.
 */
export const dimsumTicketSummary = (runName: string) => `${runName} Dimsum Run QC`;

export interface RunLibrary {
  name: string;
  lane: string | null;
  project: string | null;
  pending: 'analysis' | 'qc' | 'dataReview' | null;
}

export interface RunQc {
  runName: string;
  /** 1 = no run QC date, 2 = no run data review date, 3 = both set. */
  state: 1 | 2 | 3;
  libraries: RunLibrary[];
}

function metricsAvailable(sample: SampleInput): boolean {
  if (!sample.metrics) return true;
  return !sample.metrics.some(
    (m) => (m.name === 'Sample Authenticated' || m.thresholdType !== 'BOOLEAN') && (m.qcPassed ?? null) === null,
  );
}

function pendingOf(sample: SampleInput): RunLibrary['pending'] {
  if (sample.dataReviewDate) return null;
  if (!metricsAvailable(sample)) return 'analysis';
  if (!sample.qcDate) return 'qc';
  return 'dataReview';
}

const runState = (run: RunInput): RunQc['state'] => (!run.qcDate ? 1 : !run.dataReviewDate ? 2 : 3);

/** Every run that has library qualification or full-depth libraries in the cases, by name. */
export function runsInCaseData(caseData: CaseDataInput): Map<string, RunQc> {
  const runs = new Map<string, RunQc>();
  const seen = new Set<string>();
  for (const kase of caseData.cases) {
    for (const test of kase.tests ?? []) {
      for (const sample of [...(test.libraryQualifications ?? []), ...(test.fullDepthSequencings ?? [])]) {
        const run = sample.run;
        if (!run) continue;
        const id = `${run.name}\u0000${sample.id}\u0000${sample.sequencingLane ?? ''}`;
        if (seen.has(id)) continue;
        seen.add(id);
        let entry = runs.get(run.name);
        if (!entry) {
          entry = { runName: run.name, state: runState(run), libraries: [] };
          runs.set(run.name, entry);
        }
        const lane =
          sample.sequencingLane === null || sample.sequencingLane === undefined ? null : String(sample.sequencingLane);
        entry.libraries.push({ name: sample.name, lane, project: sample.project ?? null, pending: pendingOf(sample) });
      }
    }
  }
  return runs;
}

function libraryList(libraries: RunLibrary[]): string {
  if (libraries.length === 0) return '.';
  let lines: string[];
  if (libraries.length <= 100) {
    lines = libraries.map((l) => `* ${l.name} (L${l.lane})`);
  } else {
    const byProject = new Map<string, number>();
    for (const l of libraries) byProject.set(String(l.project), (byProject.get(String(l.project)) ?? 0) + 1);
    lines =
      byProject.size <= 100
        ? [...byProject].map(([project, n]) => `* ${n} ${project} libraries`)
        : [`* ${libraries.length} libraries in ${byProject.size} projects`];
  }
  return `:\n\n${lines.join('\n')}`;
}

const STATE_LINES = {
  1: 'Run is pending QC.',
  2: 'Run is pending data review.',
  3: 'Run-level QC completed.',
} as const;

/** The description (with `override`) or a comment, exactly as Dimsum's `Notification.makeComment` writes it. */
export function dimsumTicketText(run: RunQc, options: { override?: boolean } = {}): string {
  const of = (pending: RunLibrary['pending']) => run.libraries.filter((l) => l.pending === pending);
  const [a, q, d] = [of('analysis'), of('qc'), of('dataReview')];
  return [
    STATE_LINES[run.state],
    `${q.length} libraries are pending QC${libraryList(q)}`,
    `${d.length} libraries are pending data review${libraryList(d)}`,
    `${a.length} other libraries are still pending analysis.`,
    `[See metrics in Dimsum|${DIMSUM_URL}/runs/${run.runName}]${options.override ? OVERRIDE_LINE : ''}`,
    `Internal use: <R${run.state}A${a.length}Q${q.length}D${d.length}>`,
  ].join('\n\n');
}
