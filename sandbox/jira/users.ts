/** A sandbox Jira account. `token` is a Data Center PAT (Bearer) and, on the Cloud flavour, the API token. */
export interface JiraUser {
  name: string;
  /** Data Center 8+ gives new users keys like JIRAUSER10100, not their name. */
  key: string;
  accountId: string;
  displayName: string;
  emailAddress: string;
  password: string | null;
  token: string;
  timeZone: string;
}

export const SANDBOX_JIRA_USERS: readonly JiraUser[] = [
  {
    name: 'tess',
    key: 'JIRAUSER10100',
    accountId: '712020:4f1c9a2e-7b3d-4e8a-9c61-2d5f0b8e3a17',
    displayName: 'Tess Ter',
    emailAddress: 'tess@lab.example',
    password: 'tess',
    token: 'sandbox-pat-tess',
    timeZone: 'America/Toronto',
  },
  {
    name: 'qc.bot',
    key: 'JIRAUSER10101',
    accountId: '712020:8a3e5d71-2c9b-4f06-b8d4-6e1a7c3f9b25',
    displayName: 'QC Bot',
    emailAddress: 'qc.bot@lab.example',
    password: null,
    token: 'sandbox-pat-qc-bot',
    timeZone: 'America/Toronto',
  },
  {
    name: 'dimsum',
    key: 'JIRAUSER10102',
    accountId: '712020:c27b9e04-5d1a-4a3f-8e6c-9f2b7d0a4c58',
    displayName: 'Dimsum',
    emailAddress: 'dimsum@lab.example',
    password: 'dimsum',
    token: 'sandbox-pat-dimsum',
    timeZone: 'America/Toronto',
  },
];
