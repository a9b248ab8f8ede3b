import type { Settings } from '../settings-schema';
import { runNameFromSummary } from './read-ticket';

// Which tickets get the run table (docs/notifications-and-tickets.md#run-tickets-in-jira): the summary names a
// run, and the ticket is in the configured project and carries the configured label, as the keeper's search asks.

export type RunTicketSettings = Pick<Settings, 'jiraProject' | 'jiraLabel' | 'jiraSummarySuffix'>;

export interface TicketFacts {
  key: string;
  summary: string;
  /** The labels the page shows; undefined when it does not show the field (Cloud may render it late, or not). */
  labels: readonly string[] | undefined;
}

export type RunTicketDecision =
  | { kind: 'run'; runName: string }
  /** The summary names a run, but the ticket is not one Bao's options describe. */
  | { kind: 'skipped'; runName: string; reason: 'project' | 'label'; message: string }
  | null;

/** `GLT-12` → `GLT`. */
export const projectOfKey = (key: string) => key.replace(/-\d+$/, '');

export function decideRunTicket(ticket: TicketFacts, settings: RunTicketSettings): RunTicketDecision {
  const runName = runNameFromSummary(ticket.summary, settings.jiraSummarySuffix);
  if (!runName) return null;
  const project = projectOfKey(ticket.key);
  if (settings.jiraProject && project.toUpperCase() !== settings.jiraProject.toUpperCase()) {
    const message = `not treated as a run ticket: it is in project ${project}, and Bao’s options name ${settings.jiraProject}.`;
    return { kind: 'skipped', runName, reason: 'project', message };
  }
  // No label evidence is not evidence of no label: only a shown field that lacks it rules the ticket out.
  const label = settings.jiraLabel.toLowerCase();
  if (label && ticket.labels && !ticket.labels.some((l) => l.toLowerCase() === label)) {
    const message = `not treated as a run ticket: it lacks the label ${settings.jiraLabel}, which Bao’s options require.`;
    return { kind: 'skipped', runName, reason: 'label', message };
  }
  return { kind: 'run', runName };
}
