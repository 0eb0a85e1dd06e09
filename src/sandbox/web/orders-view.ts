/**
 * The Orders and results panel of the browser phone, read from the sandbox's ApplicationStorage: the
 * seeded orders (`order:<pin>`, contract/order-record.ts) with their TTLs, the PIN-guessing lockouts
 * (`lockout-*`, contract/lockout.ts), the dead-lettered results (`deadletter:<sessionId>`,
 * contract/call-result.ts), and the results the local receiver verified (`voxmask start`'s
 * ResultsReceiver). Phone numbers are masked (maskPhone, maskPhonesInJson); the keys' HMACs are shortened.
 * Also the callers the Phones panel offers: each seeded party, by an opaque reference, never its number.
 */
import type { CallResult } from '../../../contract/call-result';
import { DEAD_LETTER_NAMESPACE } from '../../../contract/call-result';
import { LOCKOUT_KEY_PREFIX } from '../../../contract/lockout';
import { maskPhonesInJson } from '../../../contract/mask-text';
import { ORDER_KEY_PREFIX, parseOrderRecord, type OrderRecord } from '../../../contract/order-record';
import { maskPhone } from '../../../contract/phone';
import { parseDeadLetter } from '../../../contract/result-delivery';
import type { KeyValueStore, StoredItem } from '../kv-store';

/** A seeded order. `expiresInS`: seconds of virtual time left. */
export interface OrderRow {
  pin: string;
  orderId: string;
  parties: { role: string; label?: string; phone: string }[];
  expiresAt: string;
  expiresInS: number;
  /** Why the record cannot be read (then orderId is '' and parties empty). */
  problem?: string;
}

/** A lockout key: a locked caller, a caller's counted guesses, or a virtual number's failures. */
export interface LockoutRow {
  kind: 'locked caller' | 'guesses of a caller' | 'failures on a number';
  /** The first 8 hex digits of the HMAC the key holds (never a number). */
  hash: string;
  count: number;
  /** Seconds until the newest of them expires. */
  expiresInS: number;
}

/** A result, masked. `source`: verified by the local receiver, or left as a dead letter in ApplicationStorage. */
export interface ResultRow {
  source: 'receiver' | 'dead letter';
  sessionId: number | null;
  outcome: string;
  pin: string;
  callerRole: string | null;
  calleeRole: string | null;
  endedBy: string;
  durationS: number | null;
  /** Dead letters: whether the stored value carries a signature; receiver results are verified. */
  signed: boolean;
  /** The whole result, masked (numbers starred). */
  result: unknown;
}

/** One application's part of the panel. */
export interface ApplicationPanel {
  id: number;
  name: string;
  orders: OrderRow[];
  lockouts: LockoutRow[];
  deadLetters: ResultRow[];
}

/** The panel; `results` is null when nothing receives results in this run (`voxmask sandbox` alone). */
export interface OrdersPanel {
  /** The sandbox's virtual time, ISO 8601. */
  now: string;
  applications: ApplicationPanel[];
  results: ResultRow[] | null;
}

/** A caller the Phones panel offers: `ref` names the party without its number; `label` is masked. */
export interface PartyChoice {
  ref: string;
  label: string;
}

/** The sandbox's applications with their stores, as the panel reads them. */
export interface ApplicationStores {
  list(): { id: number; name: string; storage: KeyValueStore }[];
}

/** Most orders listed per application. */
export const MAX_ORDERS_SHOWN = 200;

/** The reference of a seeded party: application id, PIN and role. */
export function partyRef(applicationId: number, pin: string, role: string): string {
  return `${applicationId}:${pin}:${role}`;
}

function readOrder(item: StoredItem): OrderRecord | string {
  try {
    return parseOrderRecord(item.value);
  } catch (err) {
    return (err as Error).message;
  }
}

function orderRow(item: StoredItem, nowS: number): OrderRow {
  const pin = item.key.slice(ORDER_KEY_PREFIX.length);
  const ttl = { expiresAt: new Date(item.expireAt * 1000).toISOString(), expiresInS: Math.max(0, item.expireAt - nowS) };
  const order = readOrder(item);
  if (typeof order === 'string') return { pin, orderId: '', parties: [], ...ttl, problem: order };
  return {
    pin,
    orderId: order.orderId,
    parties: order.parties.map((p) => ({ role: p.role, ...(p.label ? { label: p.label } : {}), phone: maskPhone(p.phone) })),
    ...ttl,
  };
}

const LOCKOUT_KINDS: [string, LockoutRow['kind']][] = [
  [`${LOCKOUT_KEY_PREFIX}lock-`, 'locked caller'],
  [`${LOCKOUT_KEY_PREFIX}guess-`, 'guesses of a caller'],
  [`${LOCKOUT_KEY_PREFIX}number-`, 'failures on a number'],
];

function lockoutRows(storage: KeyValueStore, nowS: number): LockoutRow[] {
  const rows = new Map<string, LockoutRow>();
  for (const item of storage.list(LOCKOUT_KEY_PREFIX).items) {
    const kind = LOCKOUT_KINDS.find(([prefix]) => item.key.startsWith(prefix));
    if (!kind) continue;
    const hash = item.key.slice(kind[0].length, kind[0].length + 8);
    const id = `${kind[1]} ${hash}`;
    const row = rows.get(id) ?? { kind: kind[1], hash, count: 0, expiresInS: 0 };
    row.count += 1;
    row.expiresInS = Math.max(row.expiresInS, item.expireAt - nowS);
    rows.set(id, row);
  }
  return [...rows.values()];
}

/** A result's row, masked. */
export function resultRow(result: unknown, source: ResultRow['source'], signed: boolean): ResultRow {
  const r = (result ?? {}) as Partial<CallResult>;
  return {
    source,
    sessionId: typeof r.sessionId === 'number' ? r.sessionId : null,
    outcome: String(r.outcome ?? 'unreadable'),
    pin: String(r.pin?.outcome ?? ''),
    callerRole: r.callerRole ?? null,
    calleeRole: r.calleeRole ?? null,
    endedBy: String(r.endedBy ?? ''),
    durationS: typeof r.durationS === 'number' ? r.durationS : null,
    signed,
    result: maskPhonesInJson(result),
  };
}

function deadLetterRows(storage: KeyValueStore): ResultRow[] {
  return storage.list(`${DEAD_LETTER_NAMESPACE}:`).items.map((item) => {
    const letter = parseDeadLetter(item.value);
    let body: unknown;
    try {
      body = JSON.parse(letter.body);
    } catch {
      body = { unreadable: letter.body.slice(0, 200) };
    }
    return resultRow(body, 'dead letter', letter.headers !== null);
  });
}

/** The panel at virtual time `nowMs`. `results`: the receiver's verified results, when there is one. */
export function ordersPanel(apps: ApplicationStores, nowMs: number, results: (() => readonly CallResult[]) | undefined): OrdersPanel {
  const nowS = Math.floor(nowMs / 1000);
  return {
    now: new Date(nowMs).toISOString(),
    applications: apps.list().map(({ id, name, storage }) => ({
      id,
      name,
      orders: storage.list(ORDER_KEY_PREFIX, 0, MAX_ORDERS_SHOWN).items.map((item) => orderRow(item, nowS)),
      lockouts: lockoutRows(storage, nowS),
      deadLetters: deadLetterRows(storage),
    })),
    results: results ? results().map((r) => resultRow(r, 'receiver', true)) : null,
  };
}

/** The callers to offer: every party of every readable seeded order, labelled with its masked number. */
export function partyChoices(apps: ApplicationStores): PartyChoice[] {
  const out: PartyChoice[] = [];
  for (const { id, storage } of apps.list()) {
    for (const item of storage.list(ORDER_KEY_PREFIX, 0, MAX_ORDERS_SHOWN).items) {
      const order = readOrder(item);
      if (typeof order === 'string') continue;
      const pin = item.key.slice(ORDER_KEY_PREFIX.length);
      for (const p of order.parties)
        out.push({
          ref: partyRef(id, pin, p.role),
          label: `${p.role} of ${order.orderId}${p.label ? ` (${p.label})` : ''} ${maskPhone(p.phone)} · PIN ${pin}`,
        });
    }
  }
  return out;
}

/** The phone number behind a party reference, or undefined when the order or party is gone. */
export function partyPhone(apps: ApplicationStores, ref: string): string | undefined {
  const [appId, pin, role] = ref.split(':');
  const app = apps.list().find((a) => String(a.id) === appId);
  const item = app?.storage.get(`${ORDER_KEY_PREFIX}${pin}`);
  if (!item) return undefined;
  const order = readOrder(item);
  return typeof order === 'string' ? undefined : order.parties.find((p) => p.role === role)?.phone;
}
