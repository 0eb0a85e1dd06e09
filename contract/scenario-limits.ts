/**
 * Size limits of a scenario's text, shared by the build (src/build/bundle.ts) and the sandbox's
 * Management API (AddScenario/SetScenarioInfo). Pure TypeScript.
 */

/** VoxEngine's scenario size limit, in characters: a longer scenario does not start (voxengine-runtime.md §1.1). */
export const MAX_SCENARIO_CHARS = 256 * 1024;
/**
 * The Management API's script size limit, in UTF-8 bytes: a script must be "fewer than 128 KB" (management-api.md §2.2) [I],
 * so SCRIPT_MAX_BYTES itself is already refused. The tighter of the two limits for a deployed scenario.
 */
export const SCRIPT_MAX_BYTES = 128 * 1024;
