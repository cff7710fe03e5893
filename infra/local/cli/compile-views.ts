/** `npm run compile-views`: writes the compiled views (shared/views/compiled), which the build needs and git ignores. */
import { relative } from 'node:path';
import { writeCompiledViews } from '../../views-compiler.ts';

const files = writeCompiledViews();
console.log(`Compiled views: ${files.map((file) => relative(process.cwd(), file)).join(', ')}`);
