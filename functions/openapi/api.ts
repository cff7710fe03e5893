import * as z from 'zod';
import { failures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /openapi.json': {
      operationId: 'openApiDescription',
      tag: 'Service',
      summary: 'This description',
      description: 'The OpenAPI 3.1 description of this API, generated from the route table and the schemas.',
      errorPages: false,
      responses: {
        200: { description: 'This document.', content: { 'application/json': z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.') } },
        ...failures,
      },
    },
  },
});
