import { randomLetterId } from '../orders/random-id';
import { formatClickToCallCommand, formatClickToCallData } from '../../../contract/click-to-call';
import type { PartyRole } from '../../../contract/order-record';
import { StoredJsonError } from '../../../contract/stored-json';
import { VoxmaskError } from '../../errors';
import type { PlatformApi } from '../../platform/api';
import { OrderInputError, OrderNotFoundError } from '../orders/errors';
import type { OrderStore } from '../orders/order-store';
import { postToAccessUrl } from './access-url';

/** What placeCall takes: the order, who is called first (`from`, party A) and who next (`to`, party B). */
export interface PlaceCallInput {
  orderId: string;
  from: PartyRole;
  to: PartyRole;
  /** The backend's id of this request (1–36 of A-Z a-z 0-9 _ -), reported back in the result; default a random one. */
  requestId?: string;
}

/** A call placed: the session and how to reach it. */
export interface PlacedCall {
  /** The session's id: StartScenarios' `call_session_history_id` (GetCallHistory finds it). */
  sessionId: number;
  /** The session's media-session access URL (https): cancelCall posts to it. A secret: whoever has it can control the session. */
  accessUrl: string;
  requestId: string;
  orderId: string;
  from: PartyRole;
  to: PartyRole;
}

/** Settings of ClickToCall. */
export interface ClickToCallOptions {
  api: PlatformApi;
  applicationId: number;
  /** Id of the click-to-call rule (deploy.clickToCall.rule): the rule whose scenario StartScenarios runs. */
  ruleId: number;
  /** When given, placeCall first checks the order is active and has both roles (2 reads), so a bad request fails here rather than in a session. */
  orders?: OrderStore;
  /** Timeout of an access-URL request, ms (default 10,000). */
  accessTimeoutMs?: number;
  newRequestId?: () => string;
}

/** What cancelCall found: `cancelled` when the session took the command; false when it had already ended (404). */
export type CancelOutcome = { cancelled: true; answer: string } | { cancelled: false; reason: string };

/**
 * A session's JSON answer that says it did not take the command (`{"accepted":false,"state":"ended"}`,
 * or `"refused"` with a `problem`), as CancelOutcome; undefined for any other answer.
 */
function refusedIn(body: string): CancelOutcome | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const answer = parsed as { accepted?: unknown; state?: unknown; problem?: unknown } | null;
  if (typeof answer !== 'object' || answer === null || answer.accepted !== false) return undefined;
  const state = typeof answer.state === 'string' ? answer.state : 'refused';
  return {
    cancelled: false,
    reason:
      state === 'ended'
        ? 'the session has already ended'
        : `the session refused it (${typeof answer.problem === 'string' ? answer.problem : state})`,
  };
}

/** The access URL answered neither 200 nor 404. */
export class CancelCallError extends VoxmaskError {
  override name = 'CancelCallError';
  readonly code = 'E_CANCEL_CALL';
  constructor(readonly status: number) {
    super(`the session's access URL answered HTTP ${status}; the call may still be in progress`);
  }
}

/**
 * Click-to-call (issue 12 §3): the backend asks for a call between two parties of an order; the
 * click-to-call scenario calls A showing the virtual number, then B, and bridges them. The request
 * carries no phone numbers: the session reads them from the order record (contract/click-to-call.ts).
 */
export class ClickToCall {
  private readonly newRequestId: () => string;

  constructor(private readonly options: ClickToCallOptions) {
    this.newRequestId = options.newRequestId ?? (() => randomLetterId('r'));
  }

  /**
   * Starts the session with StartScenarios (rule id, `script_custom_data` from
   * contract/click-to-call.ts within its 200 bytes, docs/platform.md#start-scenarios). Never retried after
   * an ambiguous failure: a repeat would place a second call.
   * @throws OrderInputError naming the field (order id, role, request id); OrderNotFoundError when
   *   `orders` is given and the order is not active; OrderInputError (`from`/`to`) when the order lacks
   *   the role; Management API errors (375: no scenario bound to the rule)
   */
  async placeCall(input: PlaceCallInput): Promise<PlacedCall> {
    const requestId = input.requestId ?? this.newRequestId();
    let customData: string;
    try {
      customData = formatClickToCallData({ orderId: input.orderId, from: input.from, to: input.to, requestId });
    } catch (err) {
      if (err instanceof StoredJsonError) throw new OrderInputError(err.field || '(call)', err.problem);
      throw err;
    }
    if (this.options.orders) await this.checkOrder(this.options.orders, input);
    const res = await this.options.api.call('StartScenarios', {
      ruleId: this.options.ruleId,
      applicationId: this.options.applicationId,
      scriptCustomData: customData,
    });
    return {
      sessionId: res.callSessionHistoryId,
      accessUrl: res.mediaSessionAccessSecureUrl || res.mediaSessionAccessUrl,
      requestId,
      orderId: input.orderId,
      from: input.from,
      to: input.to,
    };
  }

  /**
   * Cancels a call in progress: POSTs `{"v":1,"action":"cancel"}` (contract/click-to-call.ts) to its
   * access URL; the scenario hangs up both legs and reports the call cancelled.
   * @param accessUrl PlacedCall.accessUrl
   * @param requestId PlacedCall.requestId, so the scenario can check the command is meant for it
   * @throws AccessUrlError (no answer, not https); CancelCallError (an answer other than 200 or 404)
   */
  async cancelCall(accessUrl: string, requestId?: string): Promise<CancelOutcome> {
    const body = formatClickToCallCommand(requestId === undefined ? { action: 'cancel' } : { action: 'cancel', requestId });
    const answer = await postToAccessUrl(accessUrl, body, this.options.accessTimeoutMs ?? 10_000);
    if (answer.status === 200) return refusedIn(answer.body) ?? { cancelled: true, answer: answer.body };
    if (answer.status === 404) return { cancelled: false, reason: 'the session has already ended' };
    throw new CancelCallError(answer.status);
  }

  private async checkOrder(orders: OrderStore, input: PlaceCallInput): Promise<void> {
    const active = await orders.lookupOrder(input.orderId);
    if (!active) throw new OrderNotFoundError(input.orderId);
    for (const field of ['from', 'to'] as const) {
      if (!active.record.parties.some((p) => p.role === input[field]))
        throw new OrderInputError(field, `order ${input.orderId} has no ${input[field]}`);
    }
  }
}
