/** GET /openapi.json: the OpenAPI 3.1 description of this API. It touches no table and needs no settings. */
import { httpHandler } from '#shared/http/handler';
import { openApiDocument } from '#shared/http/openapi';
import { json } from '#shared/http/responses';
// The one function that reads every other's description: the document is of the whole API.
import { functionApis } from '../api.ts';

// Built once per container: the document depends only on the code.
const document = openApiDocument(functionApis);

export const handler = httpHandler(async () => json(200, document));
