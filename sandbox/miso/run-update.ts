import type { RunDto } from '../../lib/miso/schema';
import { MisoError, notFound, validationError } from './errors';
import { qcKey, type MisoModel, type MisoRun } from './model';
import { DATA_REVIEW_BEFORE_STATUS, type ChangeEntry } from './qc-writes';
import { isRunReviewer, type MisoUser } from './sessions';

// `PUT /rest/runs/{id}` as the run page's Save sends it (docs/qc-in-miso.md#run-library-qc-statuses, docs/qc-in-miso.md#reading-misos-run-page). Only the QC and data
// review fields are applied; the sandbox's run identity comes from Cardea and stays put.

const ready = (v: boolean | null) => (v === null ? 'Not Ready' : v ? 'Ready' : 'Failed');
const pass = (v: boolean | null) => (v === null ? 'Pending' : v ? 'Pass' : 'Fail');

export function updateRun(
  model: MisoModel,
  runId: number,
  dto: RunDto,
  user: MisoUser,
  today: string,
): { run: MisoRun; changes: ChangeEntry[] } {
  const run = model.runs.get(runId);
  if (!run) throw notFound(`No run found with ID ${runId}`);
  if (dto.id !== runId) throw new MisoError(400, 'Run ID does not match the URL');
  const key = qcKey('Run', [runId]);
  const before = model.qc.get(key);
  if (!before) throw notFound(`No run found with ID ${runId}`);
  let after = { ...before };
  const changes: ChangeEntry[] = [];
  if (dto.qcPassed !== before.qcPassed) {
    after = {
      ...after,
      qcPassed: dto.qcPassed,
      qcUser: dto.qcPassed === null ? null : user.fullName,
      qcDate: dto.qcPassed === null ? null : today,
      dataReview: null,
      dataReviewer: null,
      dataReviewDate: null,
    };
    changes.push({ runId, summary: `QC: ${ready(before.qcPassed)} → ${ready(dto.qcPassed)}` });
    if (before.dataReview !== null)
      changes.push({ runId, summary: `data review: ${pass(before.dataReview)} → Pending` });
  } else if (dto.dataReview !== before.dataReview) {
    if (!isRunReviewer(user)) throw validationError('dataReview', 'You are not authorized to make this change');
    if (before.qcPassed === null) throw validationError('dataReview', DATA_REVIEW_BEFORE_STATUS);
    const stamped = dto.dataReview !== null;
    after = {
      ...after,
      dataReview: dto.dataReview,
      dataReviewer: stamped ? user.fullName : null,
      dataReviewDate: stamped ? today : null,
    };
    changes.push({ runId, summary: `data review: ${pass(before.dataReview)} → ${pass(dto.dataReview)}` });
  }
  model.qc.set(key, after);
  return { run, changes };
}
