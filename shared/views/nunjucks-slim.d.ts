/** Nunjucks' runtime-only build: of the full package's types, what it has (no compiler, no file loaders). */
declare module 'nunjucks/browser/nunjucks-slim.js' {
  import type { Environment, PrecompiledLoader } from 'nunjucks';

  const slim: {
    Environment: typeof Environment;
    /** Takes the compiled templates by name (the package's types say an array). */
    PrecompiledLoader: new (
      compiledTemplates: Record<string, object>,
    ) => PrecompiledLoader;
  };
  export default slim;
}
