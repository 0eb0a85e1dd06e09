/** VoxEngineEmulator: skeleton published early so other engineers can compile; bodies land next. */
import type {
  ApplicationContext,
  EmulatorOptions,
  FarEndBehaviour,
  InboundCallSpec,
  ScenarioSource,
  SessionHandle,
  SessionRecord,
  Trace,
} from './types';

/** Runs VoxEngine scenarios in node:vm contexts on one virtual clock (docs/runtime-api.md). */
export class VoxEngineEmulator {
  readonly trace!: Trace;
  constructor(readonly options: EmulatorOptions = {}) {}
  /** Virtual epoch ms. */
  now(): number {
    throw new Error('VoxEngineEmulator is being implemented');
  }
  setPhone(_number: string, _behaviour: FarEndBehaviour): void {
    throw new Error('VoxEngineEmulator is being implemented');
  }
  startInboundCall(_app: ApplicationContext, _scenarios: ScenarioSource[], _call: InboundCallSpec, _opts?: { ruleName?: string }): SessionHandle {
    throw new Error('VoxEngineEmulator is being implemented');
  }
  startSession(_app: ApplicationContext, _scenarios: ScenarioSource[], _opts?: { customData?: string; ruleName?: string }): SessionHandle {
    throw new Error('VoxEngineEmulator is being implemented');
  }
  runUntilIdle(_opts?: { maxVirtualS?: number }): Promise<void> {
    throw new Error('VoxEngineEmulator is being implemented');
  }
  advanceTo(_epochMs: number): Promise<void> {
    throw new Error('VoxEngineEmulator is being implemented');
  }
  sessions(): SessionRecord[] {
    throw new Error('VoxEngineEmulator is being implemented');
  }
}
