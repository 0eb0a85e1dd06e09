/** What every session of one emulator shares: the clock, the trace, faults, the PSTN and HTTP setup. */
import type { VirtualClock } from '../../clock';
import type { RejectionTracker } from '../engine/rejections';
import type { TraceLog } from '../trace/trace';
import type { ClientType } from '../calls/leg';
import type { LiveHooks } from '../live/live-parties';
import type { FarEndBehaviour, HttpFault, HttpTarget, SessionRecord, StorageFault } from '../types';

/** A fault with its remaining count (`times`; Infinity when not given). */
export interface ArmedFault<F> {
  spec: F;
  remaining: number;
}

/** The running state of the injected faults. */
export interface FaultState {
  storage: ArmedFault<StorageFault>[];
  http: ArmedFault<HttpFault>[];
}

/** A session as the emulator tracks it for watchdog attribution. */
export interface WatchdogTarget {
  /** Called when the watchdog stopped a callback of this session. */
  callbackTimedOut(): void;
}

/** Shared services handed to each session. */
export interface EmulatorServices {
  readonly clock: VirtualClock;
  readonly trace: TraceLog;
  readonly tracker: RejectionTracker;
  readonly faults: FaultState;
  readonly http: HttpTarget | undefined;
  /** The far-end behaviour of a dialed address of a kind (configured, default, or answer after 3 s). */
  farEndFor(clientType: ClientType, address: string): FarEndBehaviour;
  /** The session whose callback is running right now (for the watchdog). */
  current: WatchdogTarget | undefined;
  /** Called once per session after Terminated, with its record. */
  sessionEnded(record: SessionRecord): void;
  /** Far ends driven live (the sandbox's browser phone, live/live-parties.ts); unset: every far end follows its behaviour. */
  live?: LiveHooks;
}

/** Takes the first armed fault matching `test` and counts it down; undefined when none applies. */
export function takeFault<F>(faults: ArmedFault<F>[], test: (spec: F) => boolean): F | undefined {
  for (const armed of faults) {
    if (armed.remaining > 0 && test(armed.spec)) {
      armed.remaining -= 1;
      return armed.spec;
    }
  }
  return undefined;
}
