import { plural } from '../text';

export interface BadgeSummary {
  runsWaiting: number;
  casesWaiting: number;
  /** The last refresh failed: which system and why. The last good data is still shown. */
  failure: { system: string; message: string } | null;
  /** Cardea (at least) is set up in the options. */
  configured: boolean;
  /** The data is an offline copy that could not be refreshed on schedule. */
  stale?: boolean;
  /** What the waiting runs wait for, summed over their run-libraries (shown in the tooltip). */
  libraries?: { pendingQc: number; pendingDataReview: number };
}

export interface Badge {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  waiting: '#B45309',
  clear: '#15803D',
  failure: '#B91C1C',
  unconfigured: '#6B7280',
} as const;

const count = (n: number) => Math.max(0, Math.floor(Number.isFinite(n) ? n : 0));
function waitingLines(runs: number, cases: number, libraries: BadgeSummary['libraries']): string[] {
  if (!runs && !cases) return ['Nothing waits for a sign-off.'];
  const detail = libraries
    ? ` (${plural(count(libraries.pendingQc), 'run-library', 'run-libraries')} pending QC, ${count(libraries.pendingDataReview)} pending data review)`
    : '';
  return [
    `${plural(runs, 'run', 'runs')} waiting for sign-off${runs ? detail : ''}`,
    `${plural(cases, 'case', 'cases')} waiting for sign-off`,
  ];
}

/** The toolbar badge: how many sign-offs wait, or why Bao cannot tell. */
export function badgeFor(summary: BadgeSummary): Badge {
  if (!summary.configured) {
    return {
      text: '…',
      color: BADGE_COLORS.unconfigured,
      title: 'Bao is not set up yet: open Bao’s options to enter the Cardea address.',
    };
  }
  const runs = count(summary.runsWaiting);
  const cases = count(summary.casesWaiting);
  const waiting = waitingLines(runs, cases, summary.libraries);
  if (summary.failure) {
    return {
      text: '!',
      color: BADGE_COLORS.failure,
      title: [
        `Bao could not refresh from ${summary.failure.system}: ${summary.failure.message}`,
        'Still showing the last good data:',
        ...waiting,
      ].join('\n'),
    };
  }
  const total = runs + cases;
  const staleLine = summary.stale ? ['Offline copy: this may be out of date.'] : [];
  return {
    text: total > 99 ? '99+' : total > 0 ? String(total) : '',
    color: total > 0 ? BADGE_COLORS.waiting : BADGE_COLORS.clear,
    title: ['Bao', ...waiting, ...staleLine].join('\n'),
  };
}
