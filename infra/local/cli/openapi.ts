/** Writes docs/openapi.json from the functions' route descriptions and the schemas; a unit test fails while the committed file is stale. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { openApiDocument } from '#shared/http/openapi';
import { functionApis } from '../../../functions/api.ts';

const file = resolve(import.meta.dirname, '../../../docs/openapi.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(openApiDocument(functionApis), null, 2)}\n`);
console.log(`Wrote ${relative(process.cwd(), file)}`);
