/**
 * Correcting an update: the corrector is proven and authorised against the original (its
 * author or the priority's delivery lead within the window, a board member at any time), the
 * correction checked like an update, and stored with the mark on the original and its audit
 * entry in one transaction, so an update is corrected once. The stream derives the summary again.
 */

import type { Updates } from '#shared/data/updates';
import { actorOf, auditEntry } from '#shared/domain/audit';
import { authoriseCorrection, correctionOf, parseCorrectionInput } from '#shared/domain/corrections';
import { type Credential, type Proof, roleOf } from '#shared/domain/credential';
import { Conflict, Forbidden, NotFound } from '#shared/domain/errors';
import { newUpdateId } from '#shared/domain/ids';
import type { RatingScaleName } from '#shared/domain/rating';
import { type Author, type ProgressUpdate, requireRationale } from '#shared/domain/update';
import { type AccessPorts, credentialOf } from '#shared/services/access';

export interface CorrectionPorts extends AccessPorts {
  updates: Pick<Updates, 'get' | 'recordCorrection' | 'correctionOf'>;
}

export interface CorrectionRequest {
  priorityId: string;
  updateId: string;
  proof: Proof;
  candidate: unknown;
  scale: RatingScaleName;
  windowDays: number;
}

/**
 * The update to correct, for a credential that may correct it (what the form shows, and what a
 * correction starts from): another priority's sponsor or delivery lead is refused before anything
 * of the priority is read.
 */
async function updateToCorrect(
  ports: CorrectionPorts,
  request: Pick<CorrectionRequest, 'priorityId' | 'updateId' | 'proof' | 'windowDays'>,
  now: Date,
): Promise<{ credential: Credential; original: ProgressUpdate; author: Author }> {
  const credential = await credentialOf(ports, request.proof, now);
  if (roleOf(credential) !== 'board' && credential.priorityId !== request.priorityId)
    throw new Forbidden('This link may not correct another priority’s update.');
  const original = await ports.updates.get(request.priorityId, request.updateId);
  if (!original) throw new NotFound(`There is no update "${request.updateId}" of priority "${request.priorityId}".`);
  return { credential, original, author: authoriseCorrection(credential, original, request.windowDays, now) };
}

/** What the correction form shows: the update, for a credential that may correct it, unless it has been corrected already. */
export async function updateForTheForm(
  ports: CorrectionPorts,
  request: Pick<CorrectionRequest, 'priorityId' | 'updateId' | 'proof' | 'windowDays'>,
  now: Date,
): Promise<ProgressUpdate> {
  const [{ original }, corrected] = await Promise.all([updateToCorrect(ports, request, now), ports.updates.correctionOf(request.priorityId, request.updateId)]);
  if (corrected) throw new Conflict(alreadyCorrected);
  return original;
}

const alreadyCorrected = 'This update has been corrected already: correct the correction instead.';

export async function correctUpdate(ports: CorrectionPorts, request: CorrectionRequest, now = new Date()): Promise<ProgressUpdate> {
  const { credential, original, author } = await updateToCorrect(ports, request, now);
  const input = parseCorrectionInput(request.candidate, request.scale);
  // Explained as any update is, against the rating it corrects.
  requireRationale({ ...input, barriers: [] }, original.status);
  const correction = correctionOf(original, input, { id: newUpdateId(now), submittedAt: now.toISOString(), author });
  const audit = auditEntry(
    'update-corrected',
    actorOf(credential),
    { kind: 'update', id: original.id, priorityId: original.priorityId },
    {
      before: { period: original.period, status: original.status },
      after: { correctionId: correction.id, period: input.period, status: input.status, reason: input.reason },
    },
    now,
  );
  if (!(await ports.updates.recordCorrection({ ...correction, corrects: { updateId: original.id, reason: input.reason } }, audit))) {
    throw new Conflict(alreadyCorrected);
  }
  return correction;
}
