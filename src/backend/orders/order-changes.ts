/**
 * What differs between an active order and the one about to be written over it, one phrase per
 * change with phone numbers masked: what OrderStore reports as `changes` of an update and what
 * OrderUpdateRefusedError names.
 */
import { OrderRecord, PARTY_ROLES } from '../../../contract/order-record';
import { maskPhone } from '../../../contract/phone';
import { SETTINGS_FIELDS } from './order-input';

/**
 * What differs between the active record and the one about to be written, one phrase per change,
 * phone numbers masked (maskPhone): parties added, removed or re-pointed, labels, settings, and the
 * deadline (Unix seconds, 0 = none).
 */
export function describeOrderChanges(before: OrderRecord, beforeDeadlineS: number, after: OrderRecord, afterDeadlineS: number): string[] {
  const changes: string[] = [];
  for (const role of PARTY_ROLES) {
    const was = before.parties.find((p) => p.role === role);
    const is = after.parties.find((p) => p.role === role);
    if (!was && !is) continue;
    if (!was) changes.push(`${role} added (${maskPhone(is!.phone)})`);
    else if (!is) changes.push(`${role} removed (was ${maskPhone(was.phone)})`);
    else {
      if (was.phone !== is.phone) changes.push(`${role} phone ${maskPhone(was.phone)} → ${maskPhone(is.phone)}`);
      if (was.label !== is.label) changes.push(`${role} label ${JSON.stringify(was.label ?? null)} → ${JSON.stringify(is.label ?? null)}`);
    }
  }
  for (const key of SETTINGS_FIELDS) {
    const was = before.settings?.[key];
    const is = after.settings?.[key];
    if (was !== is) changes.push(`settings.${key} ${JSON.stringify(was ?? null)} → ${JSON.stringify(is ?? null)}`);
  }
  if (beforeDeadlineS !== afterDeadlineS) changes.push(`deadline ${deadlineText(beforeDeadlineS)} → ${deadlineText(afterDeadlineS)}`);
  return changes;
}

function deadlineText(deadlineS: number): string {
  return deadlineS === 0 ? 'none' : new Date(deadlineS * 1000).toISOString();
}
