import type { RunNotification, RunState } from './notifications';

/** The `<R#A#Q#D#>` code that ends every ticket text (docs/notifications-and-tickets.md#ticket-text, docs/notifications-and-tickets.md#state-code). */
export interface StateCode {
  runState: RunState;
  analysis: number;
  qc: number;
  dataReview: number;
}

export function stateCodeOf(notification: RunNotification): StateCode {
  return {
    runState: notification.runState,
    analysis: notification.pendingAnalysis.length,
    qc: notification.pendingQc.length,
    dataReview: notification.pendingDataReview.length,
  };
}

export function formatStateCode(code: StateCode): string {
  return `<R${code.runState}A${code.analysis}Q${code.qc}D${code.dataReview}>`;
}

// The code must end the text (Dimsum: DOTALL `.*<…>$`). Trailing whitespace is tolerated because Jira may keep or
// add a final line break; anything else after the code means the text is not a state comment.
const CODE_AT_END = /^.*<R([1-3])A(\d+)Q(\d+)D(\d+)>\s*$/s;

const RUN_STATES: readonly RunState[] = [1, 2, 3];

export function parseStateCode(text: string | null | undefined): StateCode | null {
  const match = text ? CODE_AT_END.exec(text) : null;
  const runState = RUN_STATES.find((state) => state === Number(match?.[1]));
  if (!match || runState === undefined) return null;
  return {
    runState,
    analysis: Number(match[2]),
    qc: Number(match[3]),
    dataReview: Number(match[4]),
  };
}

export interface TicketComment {
  body: string;
  /** Jira's `created` timestamp. */
  created: string;
}

function createdAt(comment: TicketComment): number {
  const time = Date.parse(comment.created);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/** docs/notifications-and-tickets.md#state-code: the code of the newest comment (by creation time) that has one, else the description's. */
export function latestStateCode(
  description: string | null | undefined,
  comments: readonly TicketComment[],
): StateCode | null {
  // Newest first; on equal times the later one in Jira's (oldest-first) order wins.
  const newestFirst = comments
    .map((comment, index) => ({ comment, index }))
    .sort((a, b) => createdAt(b.comment) - createdAt(a.comment) || b.index - a.index);
  for (const { comment } of newestFirst) {
    const code = parseStateCode(comment.body);
    if (code) return code;
  }
  return parseStateCode(description);
}

/** docs/notifications-and-tickets.md#state-code: post only when a count or the run state changed (which libraries are pending does not matter). */
export function needsUpdate(previous: StateCode | null, current: StateCode): boolean {
  return (
    previous === null ||
    previous.runState !== current.runState ||
    previous.analysis !== current.analysis ||
    previous.qc !== current.qc ||
    previous.dataReview !== current.dataReview
  );
}
