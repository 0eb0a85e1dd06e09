import { z } from 'zod';

/**
 * Settings baked into the VoxEngine scenario bundle at build time.
 * Filled in by the masked-call scenario work (issue 3); documented as a table in README.md.
 */
export const scenarioConfigSchema = z.object({}).strict();
export type ScenarioConfig = z.infer<typeof scenarioConfigSchema>;
