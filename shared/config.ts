/** Function settings, read from the environment once and checked, so a bad deployment fails loudly at start. */
import * as z from 'zod';

const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  RATING_SCALE: z.enum(['five-point', 'three-point']).default('five-point'),
  /** Latest updates shown with a priority. */
  LATEST_UPDATES: z.coerce.number().int().min(1).max(50).default(5),
});

export type Config = z.output<typeof configSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const result = configSchema.safeParse(process.env);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`Invalid function configuration: ${problems}`);
    }
    cached = result.data;
  }
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}
