/** GET /assets/{proxy+}: stylesheets and images for the pages, from the same origin so the CSP can stay 'self'. */
import { NotFound } from '#shared/domain/errors';
import { httpHandler } from '#shared/http/handler';
import { asset } from '#shared/pages/assets';

export const handler = httpHandler(async (event) => {
  const path = event.pathParameters?.proxy ?? '';
  const found = asset(path);
  if (!found) throw new NotFound(`There is no asset "${path}".`);
  return {
    statusCode: 200,
    headers: {
      'content-type': found.contentType,
      // A day: file names do not change with versions, so not immutable.
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    },
    body: found.body.toString('base64'),
    isBase64Encoded: true,
  };
});
