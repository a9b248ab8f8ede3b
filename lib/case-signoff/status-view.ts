import type { CaseRecord } from '../cardea/records';
import type { CaseDeliverable } from '../cardea/schema';
import { analysisReviewRequired, isPendingStatus, statusByName, type SignoffStepName } from './steps';

// How a case's step statuses are shown (docs/case-signoffs.md#allowed-status-pairs "Display", docs/case-signoffs.md#stopped-and-paused-cases): pending → "Pending QC";
// (null,false) → "N/A"; (true,false) → "Staged"; qcPassed true → "Approved"; false → "Failed".
// On a stopped case, or a deliverable type that skips it, a pending Analysis Review shows "N/A".
// Paused cases are greyed and not highlighted.

export type StatusKey = 'pending' | 'passed' | 'failed' | 'na' | 'staged';
export type StatusShade = 'yellow' | 'red' | 'grey' | 'none';

export interface StatusView {
  /** Cardea's status name, `PENDING` for a null status. */
  status: string;
  key: StatusKey;
  label: string;
  /** A text glyph; the label always goes with it, so colour and glyph never carry meaning alone. */
  icon: string;
  shade: StatusShade;
  user: string | null;
  date: string | null;
  note: string | null;
  /** Why a pending step shows N/A. */
  reason: string | null;
}

export interface StepItem {
  deliverableType: string;
  /** The specific deliverable, for Release only. */
  deliverable: string | null;
  view: StatusView;
}

const LOOK: Readonly<Record<StatusKey, { label: string; icon: string; shade: StatusShade }>> = {
  pending: { label: 'Pending QC', icon: '○', shade: 'yellow' },
  passed: { label: 'Approved', icon: '✓', shade: 'none' },
  failed: { label: 'Failed', icon: '✕', shade: 'red' },
  na: { label: 'N/A', icon: '⊘', shade: 'grey' },
  staged: { label: 'Staged', icon: '▤', shade: 'none' },
};

interface Recorded {
  status: string | null;
  user: string | null;
  date: string | null;
  note: string | null;
}

function keyFor(step: SignoffStepName, status: string): StatusKey {
  const pair = statusByName(step, status);
  if (!pair || (pair.qcPassed === null && pair.release === null)) return 'pending';
  if (pair.qcPassed === null) return 'na';
  if (pair.qcPassed && pair.release === false) return 'staged';
  return pair.qcPassed ? 'passed' : 'failed';
}

function view(kase: CaseRecord, step: SignoffStepName, recorded: Recorded, naReason: string | null): StatusView {
  const pending = isPendingStatus(recorded.status);
  const status = pending ? 'PENDING' : String(recorded.status);
  const key: StatusKey = pending ? (naReason ? 'na' : 'pending') : keyFor(step, status);
  const look = LOOK[key];
  const shade = kase.requisition.paused && look.shade !== 'grey' ? 'none' : look.shade;
  return {
    status,
    key,
    label: look.label,
    icon: look.icon,
    shade,
    user: recorded.user,
    date: recorded.date,
    note: recorded.note,
    reason: pending ? naReason : null,
  };
}

function analysisReviewReason(kase: CaseRecord, d: CaseDeliverable): string | null {
  if (analysisReviewRequired(kase, d)) return null;
  return kase.requisition.stopped ? 'Not needed: the case is stopped' : 'Not needed: analysis review is skipped';
}

/** One item per deliverable type (Analysis Review, Release Approval) or per release (Release). */
export function stepItems(kase: CaseRecord): Record<SignoffStepName, StepItem[]> {
  const items: Record<SignoffStepName, StepItem[]> = { ANALYSIS_REVIEW: [], RELEASE_APPROVAL: [], RELEASE: [] };
  for (const d of kase.deliverables) {
    const type = d.deliverableCategory;
    items.ANALYSIS_REVIEW.push({
      deliverableType: type,
      deliverable: null,
      view: view(
        kase,
        'ANALYSIS_REVIEW',
        {
          status: d.analysisReviewQcStatus,
          user: d.analysisReviewQcUser,
          date: d.analysisReviewQcDate,
          note: d.analysisReviewQcNote,
        },
        analysisReviewReason(kase, d),
      ),
    });
    items.RELEASE_APPROVAL.push({
      deliverableType: type,
      deliverable: null,
      view: view(
        kase,
        'RELEASE_APPROVAL',
        {
          status: d.releaseApprovalQcStatus,
          user: d.releaseApprovalQcUser,
          date: d.releaseApprovalQcDate,
          note: d.releaseApprovalQcNote,
        },
        null,
      ),
    });
    for (const r of d.releases) {
      items.RELEASE.push({
        deliverableType: type,
        deliverable: r.deliverable,
        view: view(kase, 'RELEASE', { status: r.qcStatus, user: r.qcUser, date: r.qcDate, note: r.qcNote }, null),
      });
    }
  }
  return items;
}

/** One status for a step cell: `PENDING` if anything waits, the common status, `MIXED`, or `NONE`. */
export function aggregateStatus(items: StepItem[]): string {
  if (items.length === 0) return 'NONE';
  if (items.some((i) => i.view.key === 'pending')) return 'PENDING';
  const first = items[0].view.status;
  return items.every((i) => i.view.status === first) ? first : 'MIXED';
}

/** "Data Release - Full Pipeline: Approved (Ruth Okafor, 2026-08-30). Note: …" for a tooltip. */
export function describeItem(item: StepItem): string {
  const what =
    item.deliverable && item.deliverable !== item.deliverableType
      ? `${item.deliverableType} - ${item.deliverable}`
      : item.deliverableType;
  const v = item.view;
  const who = [v.user, v.date].filter(Boolean).join(', ');
  const parts = [`${what}: ${v.label}${who ? ` (${who})` : ''}`];
  if (v.reason) parts.push(v.reason);
  if (v.note) parts.push(`Note: ${v.note}`);
  return parts.join('. ');
}
