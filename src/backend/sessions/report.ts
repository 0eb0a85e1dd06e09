import { maskPhone } from '../../../contract/phone';
import type { PoolStatus } from './pool-status';
import type { OpenSessionResult, PoolSession } from './session-store';

/**
 * Lines the CLI prints for sessions and the pool. Party phones are masked here (maskPhone); virtual
 * numbers are public (the parties dial them) and printed in full.
 */

/** Unix seconds as an ISO 8601 UTC time. */
function isoOf(unixS: number): string {
  return new Date(unixS * 1000).toISOString();
}

/** A session: id, order, end, parties (masked), and which number each pair dials. */
export function sessionLines(session: PoolSession): string[] {
  return [
    `session ${session.sessionId}  order ${session.orderId}  until ${isoOf(session.expiresAt)}`,
    `  parties: ${session.parties.map((p) => `${p.role} ${maskPhone(p.phone)}`).join(', ')}`,
    ...session.pairs.map((pair) => `  ${pair.roles[0]} <-> ${pair.roles[1]}: both dial ${pair.number}`),
    ...(session.settings ? [`  settings: ${JSON.stringify(session.settings)}`] : []),
  ];
}

/** What openSession did: a pool session (opened or found), or the PIN fallback with its PIN and shared numbers. */
export function openResultLines(result: OpenSessionResult): string[] {
  if (result.mode === 'pin') {
    return [
      `order ${result.orderId}: the pool had no number free; opened in PIN mode until ${isoOf(result.expiresAt)}`,
      `  every party dials ${result.numbers.join(' or ')} and enters PIN ${result.pin}`,
    ];
  }
  const [head, ...rest] = sessionLines(result);
  return [`${head}  (${result.status === 'opened' ? 'opened' : 'already active, unchanged'})`, ...rest];
}

/** The pool: one line per number (use, cool-off), numbers no longer configured, the busiest party against the pool size. */
export function poolStatusLines(status: PoolStatus): string[] {
  const lines = [`pool of ${status.poolSize} number(s)`];
  for (const n of status.numbers) {
    lines.push(
      `  ${n.number}${n.country ? ` (${n.country})` : ''}: ${n.sessions} session(s), ${n.active} party route(s) active, ${n.coolingOff} cooling off`,
    );
  }
  for (const r of status.retired)
    lines.push(`  +${r.digits} (not in deploy.pool.numbers any more): ${r.claims} claim(s) until they expire`);
  const busiest = status.busiestParty;
  lines.push(
    busiest
      ? `busiest party ${busiest.phone} holds ${busiest.held} of ${status.poolSize} numbers (active or cooling off)${busiest.held >= status.poolSize ? ': the pool is exhausted for them' : ''}`
      : 'no number is held or cooling off',
  );
  lines.push(`sizing: ${status.sizingRule}`);
  return lines;
}
