/** GET /openapi.json: the OpenAPI 3.1 description of this API. It touches no table and needs no settings. */
import { httpHandler } from '#shared/http/handler';
import { openApiDocument } from '#shared/http/openapi';
import { json } from '#shared/http/responses';

// Built once per container: the document depends only on the code.
const document = openApiDocument();

export const handler = httpHandler(async () => json(200, document));
