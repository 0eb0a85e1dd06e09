/**
 * The call result: one JSON document per session of every mode (contract/scenario-settings.ts modes), POSTed (signed, contract/signature.ts)
 * to the configured webhook, or stored in ApplicationStorage under `deadletter:<sessionId>` when
 * delivery fails. JSON Schema: schemas/call-result.schema.json. Pure TypeScript.
 *
 * Privacy: phone numbers in a result are masked (contract/phone.ts maskPhone) except the virtual
 * number, which is the service's own public number. Times are ISO 8601 UTC; durations are seconds
 * with millisecond precision.
 */
import { PartyRole } from './order-record';

export const CALL_RESULT_VERSION = 1;
/** Namespace of dead-lettered results in ApplicationStorage: `deadletter:<sessionId>`. */
export const DEAD_LETTER_NAMESPACE = 'deadletter';

/** The ApplicationStorage key of a dead-lettered result. */
export function deadLetterKey(sessionId: number | string): string {
  return `${DEAD_LETTER_NAMESPACE}:${sessionId}`;
}

/**
 * How the session was routed: `pin` (the shared number and an order PIN), `known-caller` (the shared
 * number, the caller ID found in the known-caller index, contract/known-caller.ts), `pool` (a pool
 * number and its route, contract/pool-route.ts), `click-to-call` (started by StartScenarios,
 * contract/click-to-call.ts).
 */
export const CALL_MODES = ['pin', 'known-caller', 'pool', 'click-to-call'] as const;
export type CallMode = (typeof CALL_MODES)[number];

/** How the session ended, from the caller's point of view (click-to-call: the party called first). */
export const CALL_OUTCOMES = [
  'connected', // bridged to the other party
  'callee_busy',
  'callee_no_answer',
  'callee_rejected',
  'callee_failed', // unreachable, invalid number, hung up during the whisper, other failure
  'caller_unknown', // PIN found, caller ID matches none of the order's parties
  'caller_id_withheld',
  'order_not_found',
  'invalid_pin', // entries too short or incomplete
  'no_input',
  'locked_out',
  'operator', // bridged to the operator
  'operator_unavailable',
  'service_error', // storage failure or unusable order record
  'caller_hung_up', // the caller left before any of the above was final
  'no_route', // pool: the number is not connected to an active order for the caller's phone
  'caller_busy', // click-to-call: the party called first was busy
  'caller_no_answer', // click-to-call: the party called first did not answer
  'caller_rejected', // click-to-call: the party called first rejected the call
  'caller_failed', // click-to-call: the party called first could not be reached
  'cancelled', // click-to-call: the backend cancelled the call through the access URL before a bridge
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The last PIN entry's result. */
export const PIN_OUTCOMES = ['matched', 'not_found', 'caller_mismatch', 'incomplete', 'no_input', 'not_entered', 'service_error'] as const;
export type PinOutcome = (typeof PIN_OUTCOMES)[number];

/** Why the caller was sent to the operator. */
export const OPERATOR_REASONS = [
  'caller_request',
  'pin_failed',
  'callee_unreachable',
  'service_error',
  'caller_id_withheld',
  'no_route',
] as const;
export type OperatorReason = (typeof OPERATOR_REASONS)[number];

/** Non-fatal problems a result may list in `warnings` (codes, never numbers). */
export const WARNING_CODES = [
  'lockout_read_failed', // a lockout read failed: at the call's start the call went on without it; for a guess, the guess was not evaluated
  'lockout_write_failed', // a lockout write failed: for a guess, the guess was not evaluated; a lock marker or number record is missing
  'lockout_clear_failed', // a matched guess's own record could not be removed (it counts as a failure until it expires)
  'pin_failure_budget_exceeded', // the dialed number's failed guesses are over lockout.numberBudget: this call took the slow path
  'order_read_failed', // the order lookup failed (storage rejected or did not answer in time)
  'order_record_invalid', // the stored order record is not a valid record
  'order_has_no_callee', // the order has no party other than the caller to connect to
  'order_text_unspeakable', // a label or the order id could read like a phone number: not spoken, and the order id is masked in this result
  'ringback_failed', // the ringback could not be played
  'recording_failed', // the platform reported a recording error
  'scenario_error', // an unexpected error ended the flow
  'known_caller_read_failed', // the known-caller index could not be read: the caller got the PIN flow
  'known_caller_invalid', // a known-caller entry or the order it names is unusable: skipped
  'route_read_failed', // pool: the route could not be read
  'route_invalid', // pool: the stored route is not a valid route (treated as no route)
  'request_invalid', // click-to-call: the session's custom data is not valid click-to-call data
  'virtual_number_missing', // click-to-call: clickToCall.virtualNumber is not configured, so no call can be placed
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Which side ended the call. */
export const ENDED_BY = ['caller', 'callee', 'operator', 'scenario', 'max_duration', 'backend'] as const;
export type EndedBy = (typeof ENDED_BY)[number];

/** `caller`: click-to-call's first leg, the outbound call to the party the call is placed for. */
export const LEG_KINDS = ['inbound', 'caller', 'callee', 'operator'] as const;
export type LegKind = (typeof LEG_KINDS)[number];

/** One call leg. */
export interface LegResult {
  kind: LegKind;
  /** Masked phone number of the far end. */
  number: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  /** Seconds from start to answer (or to the end when never answered). */
  ringS: number;
  /** Seconds from answer to end; 0 when never answered. */
  talkS: number;
  /** Platform failure code (Failed.code) when the leg never connected. */
  failureCode: number | null;
  failureReason: string | null;
}

export interface CallResult {
  version: 1;
  /** Idempotency key: `<sessionId>-<uuid>`. */
  resultId: string;
  sessionId: number;
  mode: CallMode;
  /** pool only: the caller had no route and went on to the PIN flow or the operator (absent otherwise). */
  fallback?: 'pin' | 'operator';
  /** pool only: the route's session id (contract/pool-route.ts). */
  poolSessionId?: string;
  /** click-to-call only: the backend's request id from the custom data (contract/click-to-call.ts). */
  requestId?: string;
  /** The dialed virtual number (E.164 as delivered); click-to-call: the number both parties are shown. */
  virtualNumber: string;
  /** Masked caller ID. */
  caller: string;
  orderId: string | null;
  pin: { outcome: PinOutcome; attempts: number };
  callerRole: PartyRole | null;
  calleeRole: PartyRole | null;
  outcome: CallOutcome;
  /** Why the caller was sent to the operator, when they were. */
  operatorReason: OperatorReason | null;
  endedBy: EndedBy;
  startedAt: string;
  endedAt: string;
  durationS: number;
  recordingUrl: string | null;
  /** Every call leg, the primary party's first; empty only for a click-to-call session that ended before placing a call. */
  legs: LegResult[];
  /** Problems that did not stop the call, e.g. `lockout_write_failed`: codes of WARNING_CODES, never numbers. */
  warnings: WarningCode[];
}
