/** Writes shared/pages/templates.ts, the pages' precompiled templates; a unit test fails while the committed file is stale. */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { templatesModule, templatesModulePath } from '../../templates.ts';

writeFileSync(templatesModulePath, templatesModule());
console.log(`Wrote ${relative(process.cwd(), templatesModulePath)}`);
