import type { PendingLibrary, RunNotification, RunState } from './notifications';
import { formatStateCode, stateCodeOf } from './state-code';

export { latestStateCode, needsUpdate, parseStateCode } from './state-code';

/** Kept identical to Dimsum's so tickets it already made keep being found and updated (docs/notifications-and-tickets.md#ticket-text, docs/notifications-and-tickets.md#jira-settings). */
export const TICKET_SUMMARY_SUFFIX = ' Dimsum Run QC';

export function ticketSummary(runName: string): string {
  return `${runName}${TICKET_SUMMARY_SUFFIX}`;
}

/** docs/notifications-and-tickets.md#ticket-keeper: the run name back from a summary (`^(.+) Dimsum Run QC$`), or null for any other summary. */
export function runNameFromSummary(summary: string): string | null {
  return /^(.+) Dimsum Run QC$/s.exec(summary)?.[1] ?? null;
}

/** The closing comment when nothing is pending any more; it deliberately carries no state code (docs/notifications-and-tickets.md#ticket-keeper). */
export const ALL_SIGNED_OFF_COMMENT = 'All sign-offs have been completed.';

/** Above this many libraries the list is summarised per project, and above this many projects in one line. */
export const LIST_LIMIT = 100;

const RUN_STATE_LINES: Record<RunState, string> = {
  1: 'Run is pending QC.',
  2: 'Run is pending data review.',
  3: 'Run-level QC completed.',
};

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const laneNumber = (lane: string | null) => (lane === null ? Number.POSITIVE_INFINITY : Number.parseInt(lane, 10));

/** The list lines after `… libraries are pending X:`; Dimsum's order is a HashSet's, Bao sorts for stable diffs. */
export function libraryListLines(libraries: readonly PendingLibrary[]): string[] {
  if (libraries.length <= LIST_LIMIT) {
    return [...libraries]
      .sort((a, b) => compareText(a.name, b.name) || laneNumber(a.lane) - laneNumber(b.lane) || compareText(a.id, b.id))
      .map((library) => `* ${library.name} (L${library.lane ?? '?'})`);
  }
  const perProject = new Map<string, number>();
  for (const library of libraries) {
    // Cardea always sets a project on a run-library; a missing one still has to be counted somewhere.
    const project = library.project ?? '(no project)';
    perProject.set(project, (perProject.get(project) ?? 0) + 1);
  }
  if (perProject.size > LIST_LIMIT) return [`* ${libraries.length} libraries in ${perProject.size} projects`];
  return [...perProject.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([project, count]) => `* ${count} ${project} libraries`);
}

function listSuffix(libraries: readonly PendingLibrary[]): string {
  if (!libraries.length) return '.';
  return `:\n\n${libraryListLines(libraries).join('\n')}`;
}

export interface TicketTextOptions {
  /** Where the metrics are reviewed with Bao (the link line). */
  runUrl: string;
  /** Only for a new ticket's description: the resolution that stops the keeper ("Won't Do"). */
  overrideResolution?: string;
}

/** docs/notifications-and-tickets.md#ticket-text: the Jira wiki text of a ticket description or comment, ending with the state code. */
export function ticketText(notification: RunNotification, options: TicketTextOptions): string {
  const { pendingQc, pendingDataReview, pendingAnalysis } = notification;
  const override =
    options.overrideResolution === undefined
      ? ''
      : `\n\nTo permanently close this issue without completing, set resolution to "${options.overrideResolution}."`;
  return [
    RUN_STATE_LINES[notification.runState],
    `${pendingQc.length} libraries are pending QC${listSuffix(pendingQc)}`,
    `${pendingDataReview.length} libraries are pending data review${listSuffix(pendingDataReview)}`,
    `${pendingAnalysis.length} other libraries are still pending analysis.`,
    `[See metrics in Bao|${options.runUrl}]${override}`,
    `Internal use: ${formatStateCode(stateCodeOf(notification))}`,
  ].join('\n\n');
}
