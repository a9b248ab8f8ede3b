import type { Settings } from '../settings-schema';

// Two modes: read Cardea directly (the default, no Bao server URL), or read the lab's Bao server. The data's
// source is what the index records and what a settings change is compared against.

export const serverMode = (settings: Pick<Settings, 'baoServerUrl'>): boolean => settings.baoServerUrl !== '';

/** Where the data comes from: the Bao server when one is set, else Cardea; '' when neither is. */
export const dataSource = (settings: Pick<Settings, 'baoServerUrl' | 'cardeaUrl'>): string =>
  settings.baoServerUrl || settings.cardeaUrl;
