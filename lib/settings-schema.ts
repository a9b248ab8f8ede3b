import { z } from 'zod';
import { TREND_DEFAULTS } from './trends/schema';

// The shapes of Bao's settings and secrets, free of browser APIs so Node-side code (tests, the
// keeper command, message schemas) can use them. Storage itself is lib/settings.ts.

const httpUrl = z
  .string()
  .trim()
  .refine((v) => v === '' || /^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(v), 'must be an http:// or https:// address')
  .transform((v) => v.replace(/\/+$/, ''));

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `https://`, or `http://` on this computer only (the sandbox): an address that receives the Nabu key or the Jira token. */
export function sendsSecretsSafely(url: string): boolean {
  if (url === '' || url.startsWith('https://')) return true;
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Nabu gets the API key and Jira the token with every request: never in the clear over the network. */
const secretUrl = (receives: string) =>
  httpUrl.refine(
    sendsSecretsSafely,
    `must be an https:// address: Bao sends it ${receives} (http:// only for this computer: localhost, 127.0.0.1 or [::1])`,
  );

/** The bounds of the trend settings: a series of 5 to 200 runs, and bands from at least 2 of them. */
export const TREND_LIMITS = { minRuns: 5, maxRuns: 200, minHistory: 2 } as const;

export const Settings = z.object({
  cardeaUrl: httpUrl,
  misoUrl: httpUrl,
  jiraUrl: secretUrl('your Jira token'),
  nabuUrl: secretUrl('your Nabu API key'),
  /** The lab's Bao server; when set, Bao reads its published snapshot instead of Cardea (empty: read Cardea). */
  baoServerUrl: httpUrl,
  /** Recorded as `username` on Nabu sign-offs (Dimsum uses the display name too). */
  displayName: z.string().trim().max(100, 'must be at most 100 characters'),
  /** Chrome fires alarms at most every 30 s for packed extensions; unpacked ones may go faster. */
  pollSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(5, 'must be at least 5 seconds')
    .max(86_400, 'must be at most a day'),
  jiraFlavour: z.enum(['datacenter', 'cloud']),
  jiraProject: z
    .string()
    .trim()
    .regex(/^([A-Z][A-Z0-9_]+)?$/, 'must be a Jira project key such as GLT'),
  jiraLabel: z.string().trim().regex(/^\S*$/, 'must not contain spaces'),
  /** The ticket keeper takes over tickets whose summary is `{run}{suffix}`; Dimsum's suffix by default. */
  jiraSummarySuffix: z.string().min(1, 'must not be empty'),
  keeperEnabled: z.boolean(),
  /** The seed asks for one MISO page per (assay, library design); "combined" sends one page. */
  qcInMisoGrouping: z.enum(['by-assay-and-design', 'combined']),
  /** How many prior runs a trend series holds (docs/trends.md#settings). */
  trendRuns: z
    .number()
    .int('must be a whole number of runs')
    .min(TREND_LIMITS.minRuns, `must be at least ${TREND_LIMITS.minRuns} runs`)
    .max(TREND_LIMITS.maxRuns, `must be at most ${TREND_LIMITS.maxRuns} runs`),
  /**
   * Fewer prior runs than this and a trend has no bands and no rules. Two is the least a standard deviation needs;
   * never more than trendRuns, which validateSettings checks and loadSettings keeps true.
   */
  trendMinHistory: z
    .number()
    .int('must be a whole number of runs')
    .min(TREND_LIMITS.minHistory, `must be at least ${TREND_LIMITS.minHistory} runs`)
    .max(TREND_LIMITS.maxRuns, `must be at most ${TREND_LIMITS.maxRuns} runs`),
  features: z.object({ jiraOverlay: z.boolean(), misoOverlay: z.boolean() }),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

export type SettingsErrors = Partial<Record<string, string>>;

/** Field → message, e.g. `{ misoUrl: 'must be an http:// or https:// address' }`. */
export function validateSettings(
  input: unknown,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const parsed = Settings.safeParse(input);
  const errors: SettingsErrors = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
  const trendProblem = minHistoryProblem(input);
  if (trendProblem) errors.trendMinHistory ??= trendProblem;
  if (parsed.success && !trendProblem) return { ok: true, settings: parsed.data };
  return { ok: false, errors };
}

const TrendPair = Settings.pick({ trendRuns: true, trendMinHistory: true });

/**
 * The minimum history is checked against the series length only when both are valid on their own, so the message
 * says what to change even while other fields are wrong.
 */
function minHistoryProblem(input: unknown): string | null {
  const pair = TrendPair.safeParse(input);
  if (!pair.success || pair.data.trendMinHistory <= pair.data.trendRuns) return null;
  return `must be at most the runs in a trend (${pair.data.trendRuns})`;
}

/**
 * Settings whose minimum history is at most their series length. A policy may lock one of the two and the user's
 * stored value may have been saved against another: the minimum gives way, since a series never holds more runs.
 */
export function consistentTrends(settings: Settings): Settings {
  if (settings.trendMinHistory <= settings.trendRuns) return settings;
  return { ...settings, trendMinHistory: settings.trendRuns };
}

export const defaultSettings: Settings = {
  cardeaUrl: '',
  misoUrl: '',
  jiraUrl: '',
  nabuUrl: '',
  baoServerUrl: '',
  displayName: '',
  pollSeconds: 60,
  jiraFlavour: 'datacenter',
  jiraProject: '',
  jiraLabel: 'dimsum-notification',
  jiraSummarySuffix: ' Dimsum Run QC',
  keeperEnabled: false,
  qcInMisoGrouping: 'by-assay-and-design',
  trendRuns: TREND_DEFAULTS.runs,
  trendMinHistory: TREND_DEFAULTS.minHistory,
  features: { jiraOverlay: true, misoOverlay: true },
};

/**
 * Why a Nabu API key is not in the shape Nabu issues (`<id>-<secret>`, letters and digits), or null when it
 * is. Nabu splits the key on `-`: given only the part before it, the real Nabu process crashes, and a quote
 * in the key makes it answer 500; Bao sends no such key.
 */
export function nabuKeyProblem(key: string): string | null {
  if (/^[A-Za-z0-9]+-[A-Za-z0-9]+$/.test(key)) return null;
  return 'must be the whole key Nabu issued, <id>-<secret>: letters and digits with one hyphen between them (no spaces or quotes)';
}

export const Secrets = z.object({
  nabuApiKey: z.string().trim(),
  /** Data Center: a personal access token sent as Bearer. Cloud: an API token used with `jiraEmail`. */
  jiraToken: z.string().trim(),
  jiraEmail: z.string().trim(),
});
export type Secrets = z.infer<typeof Secrets>;
export const defaultSecrets: Secrets = { nabuApiKey: '', jiraToken: '', jiraEmail: '' };
