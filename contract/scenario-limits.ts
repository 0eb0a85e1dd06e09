/**
 * Size limits of a scenario's text, shared by the build (src/build/bundle.ts) and the sandbox's
 * Management API (AddScenario/SetScenarioInfo). Pure TypeScript.
 */

/** VoxEngine's scenario size limit, in characters: a longer scenario does not start (docs/platform.md#scenario-limits). */
export const MAX_SCENARIO_CHARS = 256 * 1024;
/**
 * The Management API's script size limit, in UTF-8 bytes: a script must be "fewer than 128 KB" (docs/platform.md#scenario-methods) (inferred),
 * so SCRIPT_MAX_BYTES itself is already refused. The tighter of the two limits for a deployed scenario.
 */
export const SCRIPT_MAX_BYTES = 128 * 1024;
