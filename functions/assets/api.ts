import { failures, file } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /assets/{proxy+}': {
      operationId: 'getAsset',
      tag: 'Pages',
      summary: 'A stylesheet or image for the pages',
      description: 'GOV.UK Frontend’s images and manifest, and the service’s stylesheet. Cached for a day.',
      errorPages: false,
      responses: {
        200: {
          description: 'The file.',
          content: { 'text/css': file, 'image/svg+xml': file, 'image/png': file, 'image/x-icon': file, 'application/manifest+json': file },
        },
        404: 'There is no such asset.',
        ...failures,
      },
    },
  },
});
