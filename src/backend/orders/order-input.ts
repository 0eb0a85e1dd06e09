import { formatOrderRecord, OrderRecord, OrderRecordError, OrderSettings, PartyRole } from '../../../contract/order-record';
import { maskPhone, samePhone } from '../../../contract/phone';
import { routeCall } from '../../../contract/routing';
import { unknownNameMessage } from './did-you-mean';
import { OrderInputError } from './errors';
import { normalizePhone } from './phone';

/** One party as a backend passes it: any phone format libphonenumber-js reads (see normalizePhone). */
export interface OrderPartyInput {
  role: PartyRole;
  phone: string;
  /** Display name, spoken or shown; must not contain a phone number (contract/order-record.ts). */
  label?: string;
}

/** An order on dispatch, as the backend describes it. */
export interface OrderInput {
  /** The backend's order id (1–40 of A-Z a-z 0-9 _ -, no seven-digit run). */
  orderId: string;
  /** 2–3 parties, each role at most once. */
  parties: OrderPartyInput[];
  /** When the delivery is expected: a Date, an ISO 8601 string with a zone (`Z` or `+02:00`), or epoch ms. */
  expectedDeliveryAt?: Date | string | number;
  /** Per-order overrides (record the call, maximum call length in s). */
  settings?: OrderSettings;
}

/** An order validated and ready to write. */
export interface PreparedOrder {
  orderId: string;
  /** The ApplicationStorage value: the order record as formatOrderRecord writes it (contract/order-record.ts). */
  text: string;
  /** Unix seconds after which the order need not be callable (expected delivery + grace); undefined without an expected time. */
  deadlineS?: number;
}

/** Options of prepareOrder. */
export interface PrepareOptions {
  /** Seconds added to the expected delivery time. */
  graceS: number;
  /** Region for phone numbers without a country code (ISO 3166 alpha-2); undefined = E.164 only. */
  defaultRegion?: string;
  /**
   * The application's virtual numbers (E.164, e.g. `deploy.numbers`): a party may not have one of them
   * as its phone (the scenario would dial its own number). Empty or undefined = not checked.
   */
  virtualNumbers?: readonly string[];
}

/** Field names of OrderInput, OrderPartyInput and OrderSettings; the `satisfies` keeps them complete. */
const ORDER_FIELDS = Object.keys({ orderId: 1, parties: 1, expectedDeliveryAt: 1, settings: 1 } satisfies Record<keyof OrderInput, 1>);
const PARTY_FIELDS = Object.keys({ role: 1, phone: 1, label: 1 } satisfies Record<keyof OrderPartyInput, 1>);
/** The keys of OrderSettings. */
export const SETTINGS_FIELDS = Object.keys({ record: 1, maxCallS: 1 } satisfies Record<keyof OrderSettings, 1>) as (keyof OrderSettings)[];

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * Validates an order and builds its stored record: no unknown fields (a misspelt `lable` or
 * `expectedDelivery` would otherwise be dropped silently), phones normalised to E.164, the record
 * checked by the contract (contract/order-record.ts formatOrderRecord), the order able to route (see
 * checkRoutable), the deadline computed.
 * @throws OrderInputError naming the first bad field (`unknown field 'lable' (did you mean 'label'?)`)
 */
export function prepareOrder(input: OrderInput, options: PrepareOptions): PreparedOrder {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new OrderInputError('(order)', 'must be an object');
  refuseUnknownFields(input, ORDER_FIELDS, '');
  if (!Array.isArray(input.parties)) throw new OrderInputError('parties', 'must be an array');
  const parties = input.parties.map((p, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new OrderInputError(`parties[${i}]`, 'must be an object');
    refuseUnknownFields(p, PARTY_FIELDS, `parties[${i}]`);
    const party = { role: p.role, phone: normalizePhone(p.phone, `parties[${i}].phone`, options.defaultRegion) };
    return p.label === undefined ? party : { ...party, label: p.label };
  });
  if (typeof input.settings === 'object' && input.settings !== null && !Array.isArray(input.settings))
    refuseUnknownFields(input.settings, SETTINGS_FIELDS, 'settings');
  const record = {
    version: 1 as const,
    orderId: input.orderId,
    parties,
    ...(input.settings === undefined ? {} : { settings: input.settings }),
  };
  let text: string;
  try {
    text = formatOrderRecord(record);
  } catch (err) {
    if (err instanceof OrderRecordError)
      throw new OrderInputError(err.field || '(order)', err.message.replace(/^order record (field "[^"]*": )?/, ''));
    throw err;
  }
  checkRoutable(record, options.virtualNumbers ?? []);
  const deadlineS = deliveryDeadlineS(input.expectedDeliveryAt, options.graceS);
  return { orderId: input.orderId, text, ...(deadlineS === undefined ? {} : { deadlineS }) };
}

/** @throws OrderInputError (field `<path>.<key>`, or the key at the top) for the first key of `value` not in `known` */
function refuseUnknownFields(value: object, known: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new OrderInputError(path ? `${path}.${key}` : key, unknownNameMessage(key, known));
  }
}

/**
 * Refuses an order that can never connect a call: a party whose phone is one of the application's
 * virtual numbers (the scenario would dial itself), or parties that all share one phone (whoever calls,
 * contract/routing.ts finds nobody else to call).
 * @param record a record already validated by the contract (phones E.164)
 * @param virtualNumbers E.164 virtual numbers of the application
 * @throws OrderInputError naming the party (`parties[1].phone`) or `parties`
 */
export function checkRoutable(record: OrderRecord, virtualNumbers: readonly string[]): void {
  record.parties.forEach((party, i) => {
    if (virtualNumbers.some((number) => samePhone(number, party.phone))) {
      throw new OrderInputError(
        `parties[${i}].phone`,
        `${party.phone} is a virtual number of this application (deploy.numbers); the ${party.role} must be reached on a phone of their own`,
      );
    }
  });
  const stranded = record.parties.find((party) => routeCall(record, party.phone).kind !== 'matched');
  if (stranded) {
    throw new OrderInputError(
      'parties',
      `all ${record.parties.length} parties have the same phone ${maskPhone(stranded.phone)}; no call between them could ever be connected`,
    );
  }
}

/**
 * Epoch seconds until which an order stays callable: its expected delivery time plus `graceS` seconds,
 * or undefined when it has none. @throws OrderInputError (field `expectedDeliveryAt`)
 */
export function deliveryDeadlineS(expectedDeliveryAt: OrderInput['expectedDeliveryAt'], graceS: number): number | undefined {
  const expectedMs = parseExpectedDelivery(expectedDeliveryAt);
  return expectedMs === undefined ? undefined : Math.floor(expectedMs / 1000) + graceS;
}

/**
 * Epoch ms of a point in time as a backend passes it (a Date, a zoned ISO 8601 string, epoch ms), or
 * undefined when absent. @throws OrderInputError naming `field` (default `expectedDeliveryAt`)
 */
export function parseExpectedDelivery(value: OrderInput['expectedDeliveryAt'], field = 'expectedDeliveryAt'): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new OrderInputError(field, 'is an invalid Date');
    return value.getTime();
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) throw new OrderInputError(field, 'must be a positive epoch time in milliseconds');
    return value;
  }
  if (typeof value === 'string') {
    if (!ZONED_ISO.test(value.trim()))
      throw new OrderInputError(
        field,
        `"${value}" must be ISO 8601 with a time zone, e.g. 2026-05-01T18:30:00Z or 2026-05-01T20:30:00+02:00`,
      );
    const ms = Date.parse(value.trim());
    if (Number.isNaN(ms)) throw new OrderInputError(field, `"${value}" is not a real date and time`);
    return ms;
  }
  throw new OrderInputError(field, 'must be a Date, an ISO 8601 string or epoch milliseconds');
}
