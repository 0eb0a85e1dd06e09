import { z } from 'zod';

/**
 * Settings for `voxmask deploy` and `voxmask seed` (application, rules, numbers, API target).
 * Filled in by the deploy work (issue 4); documented as a table in README.md.
 */
export const deployConfigSchema = z.object({}).strict();
export type DeployConfig = z.infer<typeof deployConfigSchema>;
