import { createHash } from 'node:crypto';

/**
 * sha256 hex digest of a scenario script's exact text (UTF-8), as voxengine-ci stores it in
 * `.voxengine-ci/scenarios/dist/<name>.metadata.config.json` (docs/platform.md#voxfiles-layout).
 */
export function scriptHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
