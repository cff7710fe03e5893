import { failures, page } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /accessibility': {
      operationId: 'accessibilityStatement',
      tag: 'Pages',
      summary: 'The accessibility statement',
      description: 'The service’s accessibility statement, in GOV.UK’s model format; linked from every page’s footer.',
      errorPages: true,
      responses: { 200: { description: 'The accessibility statement.', content: { 'text/html': page } }, ...failures },
    },
    'GET /privacy': {
      operationId: 'privacyNotice',
      tag: 'Pages',
      summary: 'The privacy notice',
      description: 'What personal data the service holds, why, for how long, and whom to contact; linked from every page’s footer.',
      errorPages: true,
      responses: { 200: { description: 'The privacy notice.', content: { 'text/html': page } }, ...failures },
    },
    'GET /cookies': {
      operationId: 'cookies',
      tag: 'Pages',
      summary: 'The cookies page',
      description: 'The one cookie the service sets, the session cookie of the update form; linked from every page’s footer.',
      errorPages: true,
      responses: { 200: { description: 'The cookies page.', content: { 'text/html': page } }, ...failures },
    },
  },
});
