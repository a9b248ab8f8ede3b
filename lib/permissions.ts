import { browser } from 'wxt/browser';
import { originPattern, type Settings } from './storage';

// Bao asks for host access only to the systems a user (or a policy) configured, at run time, and gives
// back access it no longer needs. Manifest-granted hosts (the sandbox build's loopback hosts) are
// never requested or released here.

export type ConfiguredSystem = 'Cardea' | 'MISO' | 'Jira' | 'Nabu' | 'Bao server';

export interface SystemOrigin {
  system: ConfiguredSystem;
  /** A match pattern such as `https://miso.lab.org/*`. */
  origin: string;
}

type UrlKey = 'cardeaUrl' | 'misoUrl' | 'jiraUrl' | 'nabuUrl' | 'baoServerUrl';

const urlKeys: ReadonlyArray<[ConfiguredSystem, UrlKey]> = [
  ['Cardea', 'cardeaUrl'],
  ['MISO', 'misoUrl'],
  ['Jira', 'jiraUrl'],
  ['Nabu', 'nabuUrl'],
  ['Bao server', 'baoServerUrl'],
];

/** Each configured system with its origin pattern; systems without a (valid) URL are left out. */
export function systemOrigins(
  settings: Pick<Settings, Exclude<UrlKey, 'baoServerUrl'>> & Partial<Pick<Settings, 'baoServerUrl'>>,
): SystemOrigin[] {
  const result: SystemOrigin[] = [];
  for (const [system, key] of urlKeys) {
    const origin = originPattern(settings[key] ?? '');
    if (origin) result.push({ system, origin });
  }
  return result;
}

/** The exact match patterns Bao needs for the configured systems, without duplicates. */
export function requiredOrigins(
  settings: Pick<Settings, Exclude<UrlKey, 'baoServerUrl'>> & Partial<Pick<Settings, 'baoServerUrl'>>,
): string[] {
  return [...new Set(systemOrigins(settings).map((s) => s.origin))];
}

/** Whether the user (or the manifest) granted Bao this origin pattern. */
export async function hasOrigin(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [origin] });
  } catch {
    return false; // a pattern the browser rejects is as good as not granted
  }
}

export async function missingOrigins(settings: Settings): Promise<string[]> {
  const origins = requiredOrigins(settings);
  const granted = await Promise.all(origins.map(hasOrigin));
  return origins.filter((_, i) => !granted[i]);
}

/**
 * Asks the user for the configured origins Bao does not have yet. Must run inside a user gesture
 * (the options page's Save click), so call it before any slow work. Resolves with the origins that
 * are still missing afterwards: empty when everything is granted.
 *
 * The request is the first thing it does, with no await before it: Firefox accepts
 * permissions.request only while the click is being handled, and any await ends that (Chromium
 * allows a few seconds). Asking for every configured origin is harmless: neither browser asks the
 * user again for one already granted.
 */
export async function requestOrigins(settings: Settings): Promise<string[]> {
  const origins = requiredOrigins(settings);
  if (origins.length === 0) return [];
  let granted: boolean;
  try {
    granted = await browser.permissions.request({ origins });
  } catch {
    granted = false; // e.g. no user gesture, or a pattern outside optional_host_permissions
  }
  return granted ? [] : missingOrigins(settings);
}

/** Releases optional host access that no configured system uses; manifest host permissions stay. */
export async function releaseUnusedOrigins(settings: Settings): Promise<string[]> {
  const keep = new Set([...requiredOrigins(settings), ...(browser.runtime.getManifest().host_permissions ?? [])]);
  const { origins = [] } = await browser.permissions.getAll();
  const unused = origins.filter((origin) => !keep.has(origin));
  if (unused.length === 0) return [];
  await browser.permissions.remove({ origins: unused });
  return unused;
}
