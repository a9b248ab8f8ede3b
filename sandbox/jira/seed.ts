import type { World } from '../world';
import { dimsumTicketSummary, dimsumTicketText, runsInCaseData, type RunQc } from './dimsum-ticket';

const DAY = 86_400_000;
const LABELS = ['dimsum-notification'];

/** The same run with nothing QC'd yet: what Dimsum wrote when it first opened the ticket. */
const beforeAnyQc = (run: RunQc): RunQc => ({
  ...run,
  state: 1,
  libraries: run.libraries.map((l) => ({ ...l, pending: l.pending === 'analysis' ? 'analysis' : 'qc' })),
});

const codeOf = (text: string) => /<R\dA\d+Q\d+D\d+>$/.exec(text)?.[0];

/** What seeding writes through; the stand-in's Jira state is one (declared here so seed.ts needs no import of it). */
export interface TicketDesk {
  createIssue(input: { summary: string; description: string; labels: string[]; reporter: string; at: number }): {
    key: string;
  };
  transition(
    key: string,
    request: { id: string; fields: Record<string, unknown>; comment: string; author: string; at: number },
  ): void;
  addComment(key: string, body: string, author: string, at: number): unknown;
}

export interface SeededTicket {
  key: string;
  /** The run the ticket is about. */
  runName: string;
}

/** What `seedTickets` made; a ticket is missing when the document has too few runs for it. */
export interface SeededTickets {
  /** Dimsum's ticket, still open, for a run that needs sign-offs. */
  open?: SeededTicket;
  /** Closed as "Won't Do": the keeper must leave it alone. */
  overridden?: SeededTicket;
  /** Closed as "Done" by a person. */
  closedByHand?: SeededTicket;
  /** Open, its latest Dimsum comment newer than its description. */
  commented?: SeededTicket;
  /** A person's question about the `open` ticket's run, whose summary a fuzzy search also finds: not a run ticket. */
  question?: SeededTicket;
}

/** The seeded run tickets (the question is not one), in the order Jira created them. */
export function seededRunTickets(seeded: SeededTickets): SeededTicket[] {
  return [seeded.open, seeded.overridden, seeded.closedByHand, seeded.commented].filter(
    (t): t is SeededTicket => t !== undefined,
  );
}

/**
 * Deterministic tickets for runs in the Cardea data (by name), in the order Jira would have
 * created them: Dimsum's open ticket, one overridden "Won't Do", one closed "Done" by hand, one
 * whose latest Dimsum comment supersedes its description, and a person's question that a fuzzy
 * summary search for the first run also finds.
 */
export function seedTickets(jira: TicketDesk, world: World): SeededTickets {
  const runs = [...runsInCaseData(world.caseData).values()].sort((a, b) => (a.runName < b.runName ? -1 : 1));
  const parsed = Date.parse(world.timestamp);
  const anchor = Number.isNaN(parsed) ? Date.now() : parsed;
  const at = (daysAgo: number) => anchor - daysAgo * DAY;
  const dimsumTicket = (run: RunQc, daysAgo: number, text = dimsumTicketText(run, { override: true })) =>
    jira.createIssue({
      summary: dimsumTicketSummary(run.runName),
      description: text,
      labels: LABELS,
      reporter: 'dimsum',
      at: at(daysAgo),
    });
  // Tickets Dimsum keeps open go to runs that still need sign-offs; the closed ones preferably to finished runs.
  const needsAction = (run: RunQc) =>
    run.state < 3 || run.libraries.some((l) => l.pending === 'qc' || l.pending === 'dataReview');
  const active = runs.filter(needsAction);
  const finished = runs.filter((run) => !needsAction(run));
  const open = active.shift() ?? finished.shift();
  const commented = active.shift() ?? finished.shift();
  const overridden = finished.shift() ?? active.shift();
  const closedByHand = finished.shift() ?? active.shift();

  const seeded: SeededTickets = {};
  const record = (run: RunQc, key: string): SeededTicket => ({ key, runName: run.runName });
  if (open) seeded.open = record(open, dimsumTicket(open, 9).key);
  if (overridden) {
    const issue = dimsumTicket(overridden, 8);
    seeded.overridden = record(overridden, issue.key);
    jira.transition(issue.key, {
      id: '2',
      fields: { resolution: { name: "Won't Do" } },
      comment: 'Flow cell was replaced; this run will not be signed off.',
      author: 'tess',
      at: at(7),
    });
  }
  if (closedByHand) {
    const issue = dimsumTicket(closedByHand, 6);
    seeded.closedByHand = record(closedByHand, issue.key);
    jira.transition(issue.key, {
      id: '2',
      fields: { resolution: { name: 'Done' } },
      comment: 'Signed off in MISO.',
      author: 'tess',
      at: at(5),
    });
  }
  let pendingComment: (() => void) | undefined;
  if (commented) {
    const before = dimsumTicketText(beforeAnyQc(commented), { override: true });
    const now = dimsumTicketText(commented);
    const issue = dimsumTicket(commented, 4, before);
    seeded.commented = record(commented, issue.key);
    if (codeOf(before) !== codeOf(now)) pendingComment = () => jira.addComment(issue.key, now, 'dimsum', at(1));
  }
  if (open) {
    const question = jira.createIssue({
      summary: `Question about ${dimsumTicketSummary(open.runName)}`,
      description: 'Lane 2 looks low on clusters. Is that expected for this assay?',
      labels: LABELS,
      reporter: 'tess',
      at: at(2),
    });
    seeded.question = record(open, question.key);
  }
  pendingComment?.();
  return seeded;
}
