/** Test helpers: run plain-JavaScript scenarios through the emulator and read the trace. */
import { KeyValueStore } from '../../../src/sandbox/kv-store';
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';
import type { ApplicationContext, EmulatorOptions, InboundCallSpec, SessionRecord, TraceRecord } from '../../../src/sandbox/runtime';

export const CALLER = '+15550000001';
export const VIRTUAL = '+15550000100';
export const CALLEE = '+15550000002';

/** An application whose storage runs on the emulator's clock. */
export function appFor(emulator: VoxEngineEmulator, secrets: Record<string, string> = {}): ApplicationContext {
  return { id: 7, name: 'voxmask-test', storage: new KeyValueStore(() => emulator.now()), secrets };
}

export interface Run {
  emulator: VoxEngineEmulator;
  app: ApplicationContext;
  record: SessionRecord;
  records: TraceRecord[];
  /** Event names in order (AppEvents and CallEvents), optionally only those of one call. */
  events(callId?: string): string[];
  logs: string[];
}

/** Runs `code` for one inbound call (or an API session when `call` is null) until idle. */
export async function runScenario(
  code: string,
  opts: {
    call?: Partial<InboundCallSpec> | null;
    options?: EmulatorOptions;
    app?: ApplicationContext;
    customData?: string;
    before?: (app: ApplicationContext) => void;
    maxVirtualS?: number;
  } = {},
): Promise<Run> {
  const emulator = new VoxEngineEmulator(opts.options);
  const app = opts.app ?? appFor(emulator);
  opts.before?.(app);
  const scenarios = [{ name: 'scenario', code }];
  const handle =
    opts.call === null
      ? emulator.startSession(app, scenarios, { customData: opts.customData })
      : emulator.startInboundCall(app, scenarios, { from: CALLER, to: VIRTUAL, ...(opts.call ?? {}) });
  await emulator.runUntilIdle(opts.maxVirtualS ? { maxVirtualS: opts.maxVirtualS } : undefined);
  const record = await handle.done;
  const records = emulator.trace.records.filter((r) => r.sessionId === handle.id);
  return {
    emulator,
    app,
    record,
    records,
    events: (callId?: string) =>
      records.filter((r) => r.kind === 'event' && (callId === undefined || r.callId === callId)).map((r) => r.name as string),
    logs: record.logLines,
  };
}

/** Records of one kind. */
export function ofKind(run: Run, kind: string): TraceRecord[] {
  return run.records.filter((r) => r.kind === kind);
}
