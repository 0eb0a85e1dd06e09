/** Errors of the pool-session library (src/backend/sessions/). Phone numbers in messages are masked (contract/phone.ts maskPhone). */
import { maskPhone } from '../../../contract/phone';
import { VoxmaskError } from '../../errors';
import type { PartyRole } from '../../../contract/order-record';
import { SIZING_RULE } from './sizing';

/**
 * No pool number is free for a pair of parties: every number is held or cooling off for `role`
 * (`held` of `poolSize`), or for the two together. Names the party and the sizing rule.
 */
export class PoolExhaustedError extends VoxmaskError {
  override name = 'PoolExhaustedError';
  readonly code = 'E_POOL_EXHAUSTED';
  constructor(
    readonly orderId: string,
    /** The party whose numbers ran out (the one holding more, when both block). */
    readonly role: PartyRole,
    /** Numbers this party holds or cools off on. */
    readonly held: number,
    readonly poolSize: number,
    phone: string,
    together: PartyRole | undefined,
  ) {
    super(
      `no pool number is free for the ${role} (${maskPhone(phone)}) of order ${orderId}: ` +
        `${together ? `with the ${together} they block` : 'they hold or cool off on'} ${together ? 'every' : held} of the ${poolSize} numbers; ` +
        `${SIZING_RULE}. Add numbers to deploy.pool.numbers, shorten deploy.pool.coolOffS, or set deploy.pool.fallbackToPin`,
    );
  }
}

/** Other sessions kept taking the numbers this one tried (a claim lost `attempts` times); try again. */
export class PoolContentionError extends VoxmaskError {
  override name = 'PoolContentionError';
  readonly code = 'E_POOL_CONTENTION';
  constructor(
    readonly orderId: string,
    readonly attempts: number,
  ) {
    super(`order ${orderId}: another session took each of the ${attempts} pool numbers tried at the same moment; open the session again`);
  }
}

/** No active session with this id (never opened, closed, or expired). */
export class SessionNotFoundError extends VoxmaskError {
  override name = 'SessionNotFoundError';
  readonly code = 'E_SESSION_NOT_FOUND';
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} is not active`);
  }
}

/** openSession for an order whose active session has other parties, pairs, settings or end: close it first. */
export class SessionConflictError extends VoxmaskError {
  override name = 'SessionConflictError';
  readonly code = 'E_SESSION_CONFLICT';
  constructor(
    readonly orderId: string,
    readonly sessionId: string,
    readonly changes: readonly string[],
  ) {
    super(`order ${orderId} already has active session ${sessionId} with other data (${changes.join('; ')}); close it first`);
  }
}
