import type { Sample } from '../../../lib/cardea/schema';
import type { JiraTicketComment } from '../../../lib/jira/client';
import { DEFAULT_RESOLUTIONS, type KeeperRules, type TicketDetail, type TicketRef } from '../../../lib/keeper/engine';
import { runNotification, type PendingLibrary, type RunNotification } from '../../../lib/qc/notifications';
import { sample } from '../qc/builders';

// Hand-written runs and tickets for the keeper's tests: a run's libraries by their state
// (docs/notifications-and-tickets.md#readiness), and Jira tickets as the client returns them.

export const RUN = '230105_A00469_0405_AHXXXXDSX3';
export const MISO = 'https://miso.lab.org/miso';
export const RULES: KeeperRules = { summarySuffix: ' Dimsum Run QC', misoUrl: MISO, resolutions: DEFAULT_RESOLUTIONS };
export const RUN_URL = `${MISO}/run/alias/${RUN}`;

/** Libraries pending analysis, QC, data review, and done (the NotificationManagerTest columns A, Q, D, done). */
export interface Counts {
  a: number;
  q: number;
  d: number;
  done: number;
}

const UNANALYSED = [
  { name: 'Mean Insert Size', thresholdType: 'GE' as const, metricLevel: 'SAMPLE' as const, qcPassed: null },
];

export function libraries({ a, q, d, done }: Counts, offset = 0, project = 'PROJ'): Sample[] {
  const make = (kind: string, n: number, fields: Parameters<typeof sample>[0]) =>
    Array.from({ length: n }, (_, i) =>
      sample({
        id: `${kind}${offset + i}`,
        name: `${project}_${kind}_${String(offset + i).padStart(3, '0')}`,
        project,
        ...fields,
      }),
    );
  return [
    ...make('A', a, { metrics: UNANALYSED }),
    ...make('Q', q, {}),
    ...make('D', d, { qcDate: '2023-01-06', qcPassed: true }),
    ...make('X', done, { qcDate: '2023-01-06', qcPassed: true, dataReviewDate: '2023-01-07', dataReviewPassed: true }),
  ];
}

export interface RunDates {
  qcDate: string | null;
  dataReviewDate: string | null;
}

/** Dimsum's mock run: a data review date but no QC date, so run state 1. */
export const MOCK_RUN: RunDates = { qcDate: null, dataReviewDate: '2023-01-08' };

/** The run's notification (docs/notifications-and-tickets.md#readiness, docs/notifications-and-tickets.md#desired-ticket-state), as for a run with or without an open ticket. */
export function notify(
  counts: Counts,
  hasOpenTicket: boolean,
  dates: RunDates = MOCK_RUN,
  lq: Sample[] = [],
): RunNotification | null {
  return runNotification({ run: { name: RUN, ...dates }, lq, fd: libraries(counts), hasOpenTicket });
}

export function pending(name: string, lane = '1', project = 'PROJ'): PendingLibrary {
  return { id: `${name}_${lane}`, name, lane, project };
}

let nextKey = 200;
export function ticket(fields: Partial<TicketRef> = {}): TicketRef {
  return {
    key: `GLT-${nextKey++}`,
    summary: `${RUN} Dimsum Run QC`,
    resolution: null,
    created: '2023-01-09T10:00:00.000+0000',
    reporter: 'qc.bot',
    ...fields,
  };
}

export function comment(id: number, body: string, author: string | null = 'qc.bot'): JiraTicketComment {
  return { id: String(id), body, created: new Date(Date.UTC(2023, 0, 10, 0, 0, id)).toISOString(), author };
}

export function detail(base: TicketRef, description: string | null, comments: JiraTicketComment[] = []): TicketDetail {
  return { ...base, description, comments };
}

/** A text that ends with a state code, like Dimsum's and Bao's comments. */
export const coded = (code: string) => `Run is pending QC.\n\nInternal use: ${code}`;
