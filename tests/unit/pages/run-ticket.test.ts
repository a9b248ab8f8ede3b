import { describe, expect, test } from 'vitest';
import { decideRunTicket, type RunTicketSettings } from '../../../lib/jira/run-ticket';

const settings: RunTicketSettings = {
  jiraProject: 'GLT',
  jiraLabel: 'dimsum-notification',
  jiraSummarySuffix: ' Dimsum Run QC',
};
const RUN = '221222_A00469_0405_AHYGHJDSX3';
const ticket = (key: string, labels: string[] | undefined, summary = `${RUN} Dimsum Run QC`) => ({
  key,
  summary,
  labels,
});

describe('which tickets get the run table', () => {
  test.each([
    ['in the project, with the label', ticket('GLT-12', ['dimsum-notification']), settings],
    ['with the label among others, in another case', ticket('GLT-12', ['urgent', 'Dimsum-Notification']), settings],
    ['the project key in another case', ticket('glt-12', ['dimsum-notification']), settings],
    ['labels not on the page: no evidence against it', ticket('GLT-12', undefined), settings],
    ['any project when none is configured', ticket('ABC-3', ['dimsum-notification']), { ...settings, jiraProject: '' }],
    ['no label needed when none is configured', ticket('GLT-12', []), { ...settings, jiraLabel: '' }],
  ])('%s: a run ticket', (_case, facts, options) => {
    expect(decideRunTicket(facts, options)).toEqual({ kind: 'run', runName: RUN });
  });

  test('another project: a note that names both projects, no table', () => {
    expect(decideRunTicket(ticket('ABC-7', ['dimsum-notification']), settings)).toEqual({
      kind: 'skipped',
      runName: RUN,
      reason: 'project',
      message: 'not treated as a run ticket: it is in project ABC, and Bao’s options name GLT.',
    });
  });

  test.each([
    ['no labels', []],
    ['other labels', ['dimsum', 'notification']],
  ])('shown labels without the configured one (%s): a note naming the label', (_case, labels) => {
    expect(decideRunTicket(ticket('GLT-12', labels), settings)).toMatchObject({
      kind: 'skipped',
      reason: 'label',
      message: expect.stringContaining('lacks the label dimsum-notification'),
    });
  });

  test('a project that does not match is named before a missing label', () => {
    expect(decideRunTicket(ticket('ABC-7', []), settings)).toMatchObject({ reason: 'project' });
  });

  test.each([
    ['Question about 221222_A00469_0405_AHYGHJDSX3 Dimsum Run QC'],
    ['221222_A00469_0405_AHYGHJDSX3 Dimsum Run QC (copy)'],
    ['Sequencer maintenance'],
  ])('"%s" is no run ticket, in any project: nothing shows', (summary) => {
    expect(decideRunTicket(ticket('ABC-7', [], summary), settings)).toBeNull();
    expect(decideRunTicket(ticket('GLT-7', ['dimsum-notification'], summary), settings)).toBeNull();
  });
});
