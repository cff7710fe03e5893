/** Function settings, read from the environment once and checked, so a bad deployment fails loudly at start. */
import * as z from 'zod';

const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  RATING_SCALE: z.enum(['five-point', 'three-point']).default('five-point'),
  /** Latest updates shown with a priority. */
  LATEST_UPDATES: z.coerce.number().int().min(1).max(50).default(5),
});

export type Config = z.output<typeof configSchema>;

/** Checks the environment against a schema once, with one message naming every wrong variable. */
export function environmentReader<T extends z.ZodType>(schema: T, what: string): { read(): z.output<T>; reset(): void } {
  let cached: z.output<T> | undefined;
  return {
    read() {
      if (cached === undefined) {
        const result = schema.safeParse(process.env);
        if (!result.success) {
          const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
          throw new Error(`Invalid ${what}: ${problems}`);
        }
        cached = result.data;
      }
      return cached!;
    },
    reset() {
      cached = undefined;
    },
  };
}

const functionEnvironment = environmentReader(configSchema, 'function configuration');

export function config(): Config {
  return functionEnvironment.read();
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  functionEnvironment.reset();
}
