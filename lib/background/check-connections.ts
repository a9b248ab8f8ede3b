import { z } from 'zod';
import { fetchSnapshotIndex } from '../bao-server/client';
import { readCardeaTimestamp } from '../cardea/timestamp';
import { JiraHttp, jiraAuthorization } from '../jira/client-http';
import type { ResponseOf } from '../messages';
import { createNabuClient } from '../nabu/client';
import { describeFailure, internalFailure, type Failure } from '../net/failure';
import { fetchJson } from '../net/fetch-json';
import { loadSecrets, loadSettings, type Secrets, type Settings } from '../storage';

export type ConnectionResult = ResponseOf<'checkConnections'>[number];

// An id no case will ever have: Nabu answers `[]` for an unknown case and 401 for a bad key,
// which tests the key without listing every sign-off.
const NABU_PROBE_CASE = '__bao-connection-check__';
const TIMEOUT_MS = 10_000;

const JiraMyself = z.object({ displayName: z.string() });

async function attempt(
  system: ConnectionResult['system'],
  url: string,
  probe: () => Promise<string>,
  onFailure?: (failure: Failure) => ConnectionResult | undefined,
): Promise<ConnectionResult> {
  try {
    return { system, ok: true, detail: await probe() };
  } catch (error) {
    const failure = internalFailure(error, `${system} connection check (${url})`);
    return onFailure?.(failure) ?? { system, ok: false, detail: describeFailure(failure) };
  }
}

function checkCardea(settings: Settings): Promise<ConnectionResult> {
  const url = `${settings.cardeaUrl}/timestamp`;
  return attempt('Cardea', url, async () => {
    const timestamp = await readCardeaTimestamp(settings.cardeaUrl, { timeoutMs: TIMEOUT_MS });
    return timestamp ? `Reachable; data as of ${timestamp}.` : 'Reachable; Cardea has not loaded any data yet.';
  });
}

function checkBaoServer(settings: Settings): Promise<ConnectionResult> {
  const url = `${settings.baoServerUrl}/index.json`;
  return attempt('Bao server', url, async () => {
    const fetched = await fetchSnapshotIndex(settings.baoServerUrl, null, { timeoutMs: TIMEOUT_MS });
    if (fetched.status !== 'ok') return 'Reachable.';
    const { cardea } = fetched.index;
    const asOf = cardea.timestamp ? `data as of ${cardea.timestamp}` : 'no data from Cardea yet';
    return cardea.failure
      ? `Reachable; ${asOf}, but it cannot read Cardea: ${describeFailure(cardea.failure)}`
      : `Reachable; ${asOf}.`;
  });
}

// The secrets go out through the clients that send them elsewhere too: only to their own origin, and
// with redirects refused (fetch would carry a custom header to wherever a redirect points).

function checkNabu(settings: Settings, secrets: Secrets): Promise<ConnectionResult> | ConnectionResult {
  if (!secrets.nabuApiKey) {
    return { system: 'Nabu', ok: false, detail: 'No Nabu API key is stored: add it under Sign-offs.' };
  }
  const url = `${settings.nabuUrl}/case/${NABU_PROBE_CASE}/sign-off`;
  return attempt('Nabu', url, async () => {
    const nabu = createNabuClient({ baseUrl: settings.nabuUrl, apiKey: secrets.nabuApiKey, timeoutMs: TIMEOUT_MS });
    await nabu.signoffsFor(NABU_PROBE_CASE);
    return 'Reachable; the API key works.';
  });
}

function checkJira(settings: Settings, secrets: Secrets): Promise<ConnectionResult> | ConnectionResult {
  if (settings.jiraFlavour === 'cloud' && secrets.jiraToken && !secrets.jiraEmail) {
    return { system: 'Jira', ok: false, detail: 'Jira Cloud needs the email address that goes with the API token.' };
  }
  const path = `/rest/api/${settings.jiraFlavour === 'cloud' ? 3 : 2}/myself`;
  const url = `${settings.jiraUrl}${path}`;
  const token = secrets.jiraToken;
  const noToken = 'No token: the overlay uses your Jira login; the ticket keeper needs a token.';
  // The user's own login is left out (credentials: 'omit'), so this tests the token alone, or,
  // without one, only that Jira answers. One try: a rate limit is an answer here.
  const probe = async () => {
    if (!token) {
      await fetchJson(url, JiraMyself, { system: 'Jira', timeoutMs: TIMEOUT_MS, credentials: 'omit' });
      return `Reachable. ${noToken}`;
    }
    const authorization = jiraAuthorization(settings.jiraFlavour, token, secrets.jiraEmail);
    const jira = new JiraHttp({
      baseUrl: settings.jiraUrl,
      authorization,
      retry: { maxRetries: 0 },
      timeoutMs: TIMEOUT_MS,
    });
    const me = await jira.json(JiraMyself, path);
    return `The token works; signed in as ${me.displayName}.`;
  };
  return attempt('Jira', url, probe, (failure) => {
    if (failure.kind !== 'unauthorized') return undefined;
    if (token) return { system: 'Jira', ok: false, detail: 'Jira refused the token: check it in Bao’s options.' };
    return { system: 'Jira', ok: !settings.keeperEnabled, detail: `Reachable. ${noToken}` };
  });
}

/** Tries each configured system the way Bao uses it, and says in one sentence how it went. */
export async function checkConnections(settings: Settings, secrets: Secrets): Promise<ConnectionResult[]> {
  const notConfigured = (system: ConnectionResult['system']): ConnectionResult => ({
    system,
    ok: false,
    detail: `No ${system} URL is set.`,
  });
  return Promise.all([
    // In server mode this browser never reads Cardea; the Bao server does.
    settings.baoServerUrl
      ? { system: 'Cardea' as const, ok: true, detail: 'Read by the Bao server; this browser does not contact it.' }
      : settings.cardeaUrl
        ? checkCardea(settings)
        : notConfigured('Cardea'),
    ...(settings.baoServerUrl ? [checkBaoServer(settings)] : []),
    // MISO is reached from MISO tabs with the user's own session, so there is nothing to test from here.
    settings.misoUrl
      ? {
          system: 'MISO' as const,
          ok: true,
          detail: `Used from MISO tabs at ${settings.misoUrl} with your MISO login.`,
        }
      : notConfigured('MISO'),
    settings.jiraUrl ? checkJira(settings, secrets) : notConfigured('Jira'),
    settings.nabuUrl ? checkNabu(settings, secrets) : notConfigured('Nabu'),
  ]);
}

/** The `checkConnections` message handler. */
export async function check(): Promise<ConnectionResult[]> {
  const [{ settings }, secrets] = await Promise.all([loadSettings(), loadSecrets()]);
  return checkConnections(settings, secrets);
}
