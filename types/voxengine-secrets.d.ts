/**
 * VoxEngine.getSecretValue: reads an application secret at run time; `undefined` when no secret of that
 * name exists (docs/platform.md#secrets, from the Secrets guide).
 *
 * Kept apart from types/voxengine.d.ts because Voximplant's v28 typings do not declare it: this file is
 * a namespace augmentation that merges cleanly with either set of typings.
 */
declare namespace VoxEngine {
  function getSecretValue(name: string): string | undefined;
}
