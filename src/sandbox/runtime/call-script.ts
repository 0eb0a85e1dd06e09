/** Call scripts (`voxmask call`): skeleton published early; the implementation lands next. */
import type { SessionRecord } from './types';
import type { VoxEngineEmulator } from './emulator';

/** Runs a call script; `baseDir` resolves scenario paths. */
export function runCallScript(_script: unknown, _baseDir: string): Promise<{ emulator: VoxEngineEmulator; sessions: SessionRecord[] }> {
  return Promise.reject(new Error('runCallScript is being implemented'));
}
