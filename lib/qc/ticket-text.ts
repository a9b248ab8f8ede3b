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

// Text effects (`*bold*`, `_italic_`, `-struck-`, `+under+`, `^sup^`, `~sub~`, `??cite??`) open after a
// non-word character and close before one; inside a word (`PROJ_0001_Ly_R`) they are plain text.
const EFFECT = /[*_\-+^~?#]/;
const WORD = /[\p{L}\p{N}]/u;

/**
 * Cardea's strings (library names, projects, lanes) as plain text in Jira wiki markup: anyone in the lab
 * can write them, and unescaped, a library named `[Open|https://x]` would be a link in the ticket, `{html}`
 * a macro, `!https://x/a.png!` an image. Backslash-escapes every character that makes a link, macro,
 * image or table, and the effect characters where Jira would read them as markup (so the usual names keep
 * Dimsum's text byte for byte); line breaks become spaces, so a name cannot start a line of its own.
 */
export function wikiEscape(text: string): string {
  const chars = [...text.replace(/[\r\n]+/g, ' ')];
  return chars
    .map((c, i) => {
      if (/[\\[\]{}|!]/.test(c)) return `\\${c}`;
      if (!EFFECT.test(c)) return c;
      const before = chars[i - 1];
      const after = chars[i + 1];
      const inWord = before !== undefined && after !== undefined && WORD.test(before) && WORD.test(after);
      return inWord ? c : `\\${c}`;
    })
    .join('');
}

/** The list lines after `… libraries are pending X:`; Dimsum's order is a HashSet's, Bao sorts for stable diffs. */
export function libraryListLines(libraries: readonly PendingLibrary[]): string[] {
  if (libraries.length <= LIST_LIMIT) {
    return [...libraries]
      .sort((a, b) => compareText(a.name, b.name) || laneNumber(a.lane) - laneNumber(b.lane) || compareText(a.id, b.id))
      .map((library) => `* ${wikiEscape(library.name)} (L${library.lane === null ? '?' : wikiEscape(library.lane)})`);
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
    .map(([project, count]) => `* ${count} ${wikiEscape(project)} libraries`);
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
