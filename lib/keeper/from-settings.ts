import type { JiraClientConfig } from '../jira/client';
import type { Secrets, Settings } from '../storage';
import { DEFAULT_RESOLUTIONS, type KeeperRules } from './engine';

export type KeeperSetup = { ok: true; client: JiraClientConfig; rules: KeeperRules } | { ok: false; reason: string };

/** The extension's keeper from its options: on, with a Jira site, project, token (and email on Cloud) and MISO for links. */
export function keeperSetup(settings: Settings, secrets: Secrets): KeeperSetup {
  if (!settings.keeperEnabled) return { ok: false, reason: 'The ticket keeper is off.' };
  const missing = [
    !settings.jiraUrl && 'the Jira URL',
    !settings.jiraProject && 'the Jira project',
    !secrets.jiraToken && 'a Jira token',
    settings.jiraFlavour === 'cloud' && !secrets.jiraEmail && 'the email that goes with the Jira Cloud API token',
    !settings.misoUrl && 'the MISO URL (tickets link to MISO’s run page)',
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length > 0) return { ok: false, reason: `The ticket keeper needs ${missing.join(', ')}.` };
  return {
    ok: true,
    client: {
      baseUrl: settings.jiraUrl,
      flavour: settings.jiraFlavour,
      project: settings.jiraProject,
      label: settings.jiraLabel,
      token: secrets.jiraToken,
      email: secrets.jiraEmail,
    },
    rules: { summarySuffix: settings.jiraSummarySuffix, misoUrl: settings.misoUrl, resolutions: DEFAULT_RESOLUTIONS },
  };
}
