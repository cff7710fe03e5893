/** POST /priorities/{id}/updates: a sponsor records progress, as JSON or as a form post. */
import { config } from '#shared/config';
import { updateCandidateFromForm } from '#shared/domain/update';
import { ProgressStore } from '#shared/data/progress-store';
import { readBody } from '#shared/http/body';
import { httpHandler } from '#shared/http/handler';
import { json, seeOther, wantsHtml } from '#shared/http/responses';
import { presentedToken } from '#shared/http/token';
import { UpdateRecorder } from '#shared/services/record-update';

const settings = config();
const recorder = new UpdateRecorder(new ProgressStore(settings.TABLE_NAME));

export const handler = httpHandler(async (event, context) => {
  const priorityId = event.pathParameters?.id ?? '';
  const body = readBody(event);
  const token = presentedToken(event, body);
  const submissionId = body.kind === 'form' ? body.fields.submissionId : undefined;
  const idempotencyKey = event.headers['idempotency-key'] ?? (typeof submissionId === 'string' ? submissionId : undefined);

  const update = await recorder.record(
    {
      priorityId,
      token,
      candidate: body.kind === 'form' ? updateCandidateFromForm(body.fields) : body.value,
      scale: settings.RATING_SCALE,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
    context,
  );

  const location = `/priorities/${encodeURIComponent(priorityId)}/updates/${update.id}`;
  if (body.kind === 'form' && wantsHtml(event)) return seeOther(location);
  return json(201, update, { location });
});
