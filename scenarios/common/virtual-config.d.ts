/**
 * The build-time configuration module. src/build/ resolves `voxmask:config` to a generated module
 * whose default export is the validated scenario configuration (src/config/scenario.ts), so settings
 * are baked into the bundle. Secrets are never part of it: the HMAC key is read at run time with
 * VoxEngine.getSecretValue(results.secretName).
 */
declare module 'voxmask:config' {
  const settings: import('../../contract/scenario-settings').ScenarioSettings;
  export default settings;
}
