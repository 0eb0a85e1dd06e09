/**
 * Call flows of the masked-call scenario: the COMPILED bundle runs in the VoxEngine emulator, one
 * table row per flow. Every row is also checked against the invariants (support/harness.ts): normal
 * termination, exactly one verified result, no real number heard/shown/logged, no cross-order bridge.
 */
import { createHmac } from 'node:crypto';
import { CallResult } from '../../../contract/call-result';
import { callerHashInput, LOCKOUT_KEY_PREFIX, lockKey } from '../../../contract/lockout';
import { maskPhone } from '../../../contract/phone';
import {
  checkInvariants,
  COURIER,
  COURIER_2,
  CUSTOMER,
  CUSTOMER_2,
  heardInOrder,
  onlyResult,
  OPERATOR,
  order,
  RESTAURANT,
  RINGBACK_URL,
  RunOutcome,
  runScenario,
  RunSpec,
  ScenarioBuilds,
  SECRET,
  STRANGER,
  VIRTUAL_A,
  VIRTUAL_B,
} from '../support/harness';

const builds = new ScenarioBuilds();
beforeAll(() => builds.code(), 60_000);

const WITH_OPERATOR = { operator: { number: OPERATOR } };
/** The caller waits for the greeting to finish, then types `pin`. */
const enterPin = (pin: string) => [{ waitUntilHeard: 'order number' }, { press: pin }];
/** Three PINs that match no order, each after the prompt that the one before was not found. */
const THREE_UNKNOWN_PINS = [
  ...enterPin('11111'),
  { waitUntilHeard: 'could not find' },
  { press: '22222' },
  { waitUntilHeard: 'could not find' },
  { press: '33333' },
];
/** A far end that answers after `afterS` and hangs up `talkS` later. */
const answers = (afterS = 3, talkS = 20) => ({ answer: { afterS, actions: [{ waitS: talkS }, { hangup: true as const }] } });
const lockKeyOf = (phone: string) =>
  lockKey(
    createHmac('sha256', SECRET)
      .update(callerHashInput(phone.slice(1)))
      .digest('hex'),
  );

/** Checks a call that was recorded: a recording URL in the result, one recording in the session. */
function recorded(r: CallResult, run: RunOutcome): void {
  expect(r.recordingUrl).toMatch(/^https?:\/\//);
  expect(run.sessions[0].records).toHaveLength(1);
}
/** Checks a connected call that was not recorded: no recording URL, no recording in the session. */
function notRecorded(r: CallResult, run: RunOutcome): void {
  expect(r).toMatchObject({ outcome: 'connected', recordingUrl: null });
  expect(run.sessions[0].records).toHaveLength(0);
}

interface FlowCase {
  name: string;
  spec: RunSpec;
  /** `r` is the first session's result (undefined only in a row whose `problems` say it has none). */
  check: (r: CallResult, run: RunOutcome) => void;
  /** The invariant violations (checkInvariants) the row expects; none unless given. */
  problems?: string[];
}

const ORDERS = { '12345': order() };

const CASES: FlowCase[] = [
  {
    name: 'courier calls customer: connected; each hears prompts, whisper and the other; caller ID is the virtual number',
    spec: { orders: ORDERS, calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }], phones: { [CUSTOMER]: answers(4, 20) } },
    check: (r, run) => {
      expect(r).toMatchObject({
        outcome: 'connected',
        callerRole: 'courier',
        calleeRole: 'customer',
        endedBy: 'callee',
        orderId: 'A-1042',
        pin: { outcome: 'matched', attempts: 1 },
      });
      expect(
        heardInOrder(run.heard(COURIER), [
          'Welcome. Please enter your 5 digit order number',
          'Connecting you to the customer',
          `url:${RINGBACK_URL}`,
          `party:${CUSTOMER}`,
        ]),
      ).toBe(true);
      expect(run.heard(CUSTOMER)).toEqual(['The courier is calling about order A-1042.', `party:${COURIER}`]);
      expect(run.emulator.trace.callerIdsShownTo(CUSTOMER)).toEqual([VIRTUAL_A]);
      expect(r.legs.map((l) => l.kind)).toEqual(['inbound', 'callee']);
      expect(r.legs[1].talkS).toBeGreaterThanOrEqual(20);
      expect(run.heard(COURIER).join(' ')).not.toMatch(/hash|operator/i);
    },
  },
  {
    name: "customer calls courier; the courier's label is spoken instead of the role",
    spec: {
      orders: {
        '12345': order('A-7', {}, [
          { role: 'courier', phone: COURIER, label: 'Max' },
          { role: 'customer', phone: CUSTOMER },
        ]),
      },
      calls: [{ from: CUSTOMER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [COURIER]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', callerRole: 'customer', calleeRole: 'courier' });
      expect(heardInOrder(run.heard(CUSTOMER), ['Connecting you to Max.', `party:${COURIER}`])).toBe(true);
      expect(run.heard(COURIER)[0]).toBe('The customer is calling about order A-7.');
    },
  },
  {
    name: 'restaurant calls the courier of a three-party order',
    spec: {
      orders: {
        '12345': order('R-1', {}, [
          { role: 'customer', phone: CUSTOMER },
          { role: 'restaurant', phone: RESTAURANT },
          { role: 'courier', phone: COURIER },
        ]),
      },
      calls: [{ from: RESTAURANT, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [COURIER]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', callerRole: 'restaurant', calleeRole: 'courier' });
      expect(run.heard(CUSTOMER)).toEqual([]);
      expect(run.emulator.trace.callerIdsShownTo(COURIER)).toEqual([VIRTUAL_A]);
    },
  },
  {
    name: 'a caller ID delivered without the plus still matches the order',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER.slice(1), to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r) => expect(r).toMatchObject({ outcome: 'connected', callerRole: 'courier' }),
  },
  {
    name: 'digits typed during the greeting interrupt it and dial at once',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitS: 1 }, { press: '12345' }] }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r) => {
      expect(r.outcome).toBe('connected');
      const dialAfterMs = Date.parse(r.legs[1].startedAt) - Date.parse(r.legs[0].startedAt);
      expect(dialAfterMs).toBeLessThan(3000);
    },
  },
  {
    name: 'a virtual number configured as German answers in German (second language from data)',
    spec: {
      config: { language: { byVirtualNumber: { [VIRTUAL_B]: 'de' } } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_B, actions: [{ waitUntilHeard: 'Bestellnummer' }, { press: '12345' }] }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      expect(r.outcome).toBe('connected');
      expect(heardInOrder(run.heard(COURIER), ['Willkommen', 'Wir verbinden Sie mit dem Kunden'])).toBe(true);
      expect(run.heard(CUSTOMER)[0]).toBe('Der Kurier ruft wegen Bestellung A-1042 an.');
      expect(run.emulator.trace.heardBy(COURIER)[0]).toMatchObject({ voice: expect.stringMatching(/(^|\.)Default\.de_DE_Male$/) });
    },
  },
  {
    name: 'German as the default language: three unknown PINs end in German',
    spec: {
      config: { language: { default: 'de' } },
      orders: ORDERS,
      calls: [
        {
          from: COURIER,
          to: VIRTUAL_A,
          actions: [
            { waitUntilHeard: 'Bestellnummer' },
            { press: '11111' },
            { waitUntilHeard: 'nicht finden' },
            { press: '22222' },
            { waitUntilHeard: 'nicht finden' },
            { press: '33333' },
          ],
        },
      ],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'order_not_found', pin: { outcome: 'not_found', attempts: 3 } });
      const rejected = 'Wir konnten diese Bestellung zu der Rufnummer, von der Sie anrufen, nicht finden.';
      expect(heardInOrder(run.heard(COURIER), ['Willkommen', rejected, rejected])).toBe(true);
      expect(run.heard(COURIER).at(-1)).toBe(`${rejected} Bitte versuchen Sie es später erneut. Auf Wiederhören.`);
    },
  },
  {
    name: 'recording on by configuration records the bridged call',
    spec: {
      config: { recording: { enabled: true } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: recorded,
  },
  {
    name: 'recording configured to start at the answer runs from before the PIN entry',
    spec: {
      config: { recording: { enabled: true, startAt: 'answer' } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      recorded(r, run);
      expect(Date.parse(run.sessions[0].records[0].startTime) - Date.parse(r.startedAt)).toBeLessThan(1000);
    },
  },
  {
    name: 'an order with record:false overrides recording enabled by configuration',
    spec: {
      config: { recording: { enabled: true } },
      orders: { '12345': order('A-1042', { settings: { record: false } }) },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: notRecorded,
  },
  {
    name: 'an order with record:true records although the configuration has recording off',
    spec: {
      orders: { '12345': order('A-1042', { settings: { record: true } }) },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: recorded,
  },
  {
    name: 'with recording at the answer only the configuration decides: an order with record:true is not recorded when it is off',
    spec: {
      config: { recording: { enabled: false, startAt: 'answer' } },
      orders: { '12345': order('A-1042', { settings: { record: true } }) },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: notRecorded,
  },
  {
    name: 'an unknown PIN, then the right one on the second attempt',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [...enterPin('54321'), { waitUntilHeard: 'could not find' }, { press: '12345' }] }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', pin: { outcome: 'matched', attempts: 2 } });
      expect(
        heardInOrder(run.heard(COURIER), [
          'could not find that order for the phone number you are calling from. Please enter your 5 digit order number',
          'Connecting you',
        ]),
      ).toBe(true);
    },
  },
  {
    name: 'three unknown PINs without an operator: order not found, try later, goodbye',
    spec: {
      orders: ORDERS,
      calls: [
        {
          from: COURIER,
          to: VIRTUAL_A,
          actions: THREE_UNKNOWN_PINS,
        },
      ],
    },
    check: (r, run) => {
      expect(r).toMatchObject({
        outcome: 'order_not_found',
        endedBy: 'scenario',
        pin: { outcome: 'not_found', attempts: 3 },
        orderId: null,
      });
      expect(r.legs).toHaveLength(1);
      expect(run.heard(COURIER).at(-1)).toBe(
        'We could not find that order for the phone number you are calling from. Please try again later. Goodbye.',
      );
    },
  },
  {
    name: 'three unknown PINs with an operator: transferred, the operator hears why',
    spec: {
      config: WITH_OPERATOR,
      orders: ORDERS,
      calls: [
        {
          from: COURIER,
          to: VIRTUAL_A,
          actions: THREE_UNKNOWN_PINS,
        },
      ],
      phones: { [OPERATOR]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'operator', operatorReason: 'pin_failed', endedBy: 'operator' });
      expect(run.heard(COURIER)[0]).toContain('To reach an operator, press the hash key.');
      expect(run.heard(OPERATOR)[0]).toBe('Transferred call. The caller could not enter a valid order number.');
      expect(run.emulator.trace.callerIdsShownTo(OPERATOR)).toEqual([VIRTUAL_A]);
      expect(heardInOrder(run.heard(COURIER), ['Connecting you to an operator', `party:${OPERATOR}`])).toBe(true);
    },
  },
  {
    name: 'a caller not on the order is never connected, however often they try',
    spec: {
      orders: ORDERS,
      calls: [
        {
          from: STRANGER,
          to: VIRTUAL_A,
          actions: [
            ...enterPin('12345'),
            { waitUntilHeard: 'could not find' },
            { press: '12345' },
            { waitUntilHeard: 'could not find' },
            { press: '12345' },
          ],
        },
      ],
      phones: { [CUSTOMER]: answers(), [COURIER]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'caller_unknown', pin: { outcome: 'caller_mismatch', attempts: 3 }, callerRole: null });
      expect(r.legs).toHaveLength(1);
      expect(run.heard(CUSTOMER)).toEqual([]);
      expect(run.heard(COURIER)).toEqual([]);
    },
  },
  {
    name: 'a caller not on the order presses # and reaches the operator (helpful wording configured)',
    spec: {
      config: { ...WITH_OPERATOR, pin: { revealCallerMismatch: true } },
      orders: ORDERS,
      calls: [
        { from: STRANGER, to: VIRTUAL_A, actions: [...enterPin('12345'), { waitUntilHeard: 'you used for this order' }, { press: '#' }] },
      ],
      phones: { [OPERATOR]: answers() },
    },
    check: (r) => expect(r).toMatchObject({ outcome: 'operator', operatorReason: 'caller_request', pin: { outcome: 'caller_mismatch' } }),
  },
  {
    name: 'no input at all: re-prompted, then no_input',
    spec: { orders: ORDERS, calls: [{ from: COURIER, to: VIRTUAL_A }] },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'no_input', pin: { outcome: 'no_input', attempts: 3 } });
      expect(run.heard(COURIER).filter((t) => t.includes('did not receive'))).toHaveLength(3);
    },
  },
  {
    name: '* clears a wrong start of the PIN',
    spec: {
      orders: ORDERS,
      calls: [
        {
          from: COURIER,
          to: VIRTUAL_A,
          actions: [{ waitUntilHeard: 'order number' }, { press: '99*' }, { waitUntilHeard: 'Cleared' }, { press: '12345' }],
        },
      ],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r) => expect(r).toMatchObject({ outcome: 'connected', pin: { attempts: 1 } }),
  },
  {
    name: '# ends a PIN shorter than the configured length',
    spec: {
      config: { pin: { length: 6 } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345#') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      expect(r.outcome).toBe('connected');
      expect(run.heard(COURIER)[0]).toContain('6 digit order number');
    },
  },
  {
    name: 'without an operator, # on an empty entry is ignored and never offered',
    spec: { orders: ORDERS, calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('#12345') }], phones: { [CUSTOMER]: answers() } },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', operatorReason: null });
      expect(run.heard(COURIER).join(' ')).not.toMatch(/hash|operator/i);
    },
  },
  {
    name: 'an entry that stops mid-way times out as incomplete and is re-prompted',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [...enterPin('12'), { waitUntilHeard: 'incomplete' }, { press: '12345' }] }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', pin: { attempts: 2 } });
      expect(heardInOrder(run.heard(COURIER), ['That order number is incomplete. Please enter your 5 digit order number'])).toBe(true);
    },
  },
  {
    name: 'callee busy, no operator: the caller hears why and to try later',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: { busy: { afterS: 2 } } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_busy', endedBy: 'scenario' });
      expect(r.legs[1]).toMatchObject({ failureCode: 486, answeredAt: null, talkS: 0 });
      expect(run.heard(COURIER).at(-1)).toBe('The customer is busy on another call. Please try again later. Goodbye.');
    },
  },
  {
    name: 'callee busy with an operator: # during the offer reaches the operator',
    spec: {
      config: WITH_OPERATOR,
      orders: ORDERS,
      calls: [
        { from: COURIER, to: VIRTUAL_A, actions: [...enterPin('12345'), { waitUntilHeard: 'press the hash key now' }, { press: '#' }] },
      ],
      phones: { [CUSTOMER]: { busy: { afterS: 1 } }, [OPERATOR]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'operator', operatorReason: 'callee_unreachable' });
      expect(run.heard(OPERATOR)[0]).toContain('The other party could not be reached.');
    },
  },
  {
    name: 'callee does not answer within the ring timeout; the caller heard ringback meanwhile',
    spec: {
      config: { dial: { ringTimeoutS: 20 } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: { noAnswer: {} } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_no_answer' });
      expect(r.legs[1].failureCode).toBe(487);
      expect(r.legs[1].ringS).toBeGreaterThanOrEqual(20);
      expect(r.legs[1].ringS).toBeLessThan(22);
      expect(heardInOrder(run.heard(COURIER), [`url:${RINGBACK_URL}`, 'is not answering'])).toBe(true);
    },
  },
  {
    name: 'callee rejects the call',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: { reject: { afterS: 2 } } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_rejected' });
      expect(run.heard(COURIER).join(' ')).toContain('cannot take your call right now');
    },
  },
  {
    name: 'callee unreachable',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: { unreachable: {} } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_failed' });
      expect(r.legs[1].failureCode).toBe(480);
      expect(run.heard(COURIER).join(' ')).toContain('cannot be reached right now');
    },
  },
  {
    name: 'the caller hangs up during the conversation: the callee leg ends too',
    spec: {
      orders: ORDERS,
      calls: [
        {
          from: COURIER,
          to: VIRTUAL_A,
          actions: [...enterPin('12345'), { waitUntilHeard: 'Connecting you' }, { waitS: 30 }, { hangup: true }],
        },
      ],
      phones: { [CUSTOMER]: { answer: { afterS: 2 } } },
    },
    check: (r) => {
      expect(r).toMatchObject({ outcome: 'connected', endedBy: 'caller' });
      expect(Math.abs(Date.parse(r.legs[1].endedAt!) - Date.parse(r.legs[0].endedAt!))).toBeLessThan(1000);
    },
  },
  {
    name: 'the caller hangs up while the callee rings: the ringing leg is cancelled',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [...enterPin('12345'), { waitS: 5 }, { hangup: true }] }],
      phones: { [CUSTOMER]: { noAnswer: {} } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'caller_hung_up', endedBy: 'caller', pin: { outcome: 'matched' } });
      expect(r.legs[1].answeredAt).toBeNull();
      expect(run.heard(CUSTOMER)).toEqual([]);
    },
  },
  {
    name: "the order's maximum duration: both parties are warned, then the call ends",
    spec: {
      orders: { '12345': order('A-1042', { settings: { maxCallS: 60 } }) },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: { answer: { afterS: 2 } } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', endedBy: 'max_duration' });
      for (const n of [COURIER, CUSTOMER])
        expect(heardInOrder(run.heard(n), ['party:', 'This call will end in 30 seconds.', 'party:'])).toBe(true);
      expect(r.legs[1].talkS).toBeGreaterThanOrEqual(60);
      expect(r.legs[1].talkS).toBeLessThan(65);
    },
  },
  {
    name: 'a withheld caller ID never gets to enter a PIN',
    spec: { orders: ORDERS, calls: [{ from: 'anonymous', to: VIRTUAL_A, actions: enterPin('12345') }], phones: { [CUSTOMER]: answers() } },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'caller_id_withheld', caller: '<withheld>', pin: { outcome: 'not_entered', attempts: 0 } });
      expect(run.heard('anonymous')).toEqual(['Your phone number is hidden. Please call again with your number shown. Goodbye.']);
    },
  },
  {
    name: 'a caller locked out by earlier failures is refused before the PIN prompt',
    spec: {
      orders: ORDERS,
      storage: { [lockKeyOf(STRANGER)]: '1' },
      calls: [{ from: STRANGER, to: VIRTUAL_A, actions: enterPin('12345') }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'locked_out', pin: { attempts: 0 } });
      expect(run.heard(STRANGER)).toEqual([
        'There have been too many unsuccessful attempts from your phone. Please try again later. Goodbye.',
      ]);
    },
  },
  {
    name: 'failures add up across calls: the limit locks the caller out, and the next call too',
    spec: {
      config: { lockout: { maxFailures: 2 } },
      orders: ORDERS,
      calls: [
        { from: STRANGER, to: VIRTUAL_A, actions: [...enterPin('11111'), { waitUntilHeard: 'could not find' }, { press: '22222' }] },
        { from: STRANGER, to: VIRTUAL_A, atS: 120, actions: enterPin('33333') },
      ],
    },
    check: (_r, run) => {
      const [first, second] = run.sessions.map((s) => run.results.get(s.sessionId)![0].result);
      expect(first).toMatchObject({ outcome: 'locked_out', pin: { outcome: 'not_found', attempts: 2 } });
      expect(second).toMatchObject({ outcome: 'locked_out', pin: { attempts: 0 } });
      // Two failure records and the lock marker, none of which carries the number.
      const keys = run.storage.list(LOCKOUT_KEY_PREFIX).items.map((i) => i.key);
      expect(keys.filter((k) => k.startsWith(`${LOCKOUT_KEY_PREFIX}guess-`))).toHaveLength(2);
      expect(keys).toContain(lockKeyOf(STRANGER));
      for (const key of keys) expect(key).not.toContain(STRANGER.slice(-7));
    },
  },
  {
    name: 'the order lookup is rejected by storage, no operator: an apology, no unhandled rejection',
    spec: {
      orders: ORDERS,
      faults: { storage: [{ op: 'get', kind: 'reject', keyPrefix: 'order:' }] },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'service_error', pin: { outcome: 'service_error' }, warnings: ['order_read_failed'] });
      expect(run.heard(COURIER).at(-1)).toBe('Sorry, we cannot look up orders right now. Please try again later. Goodbye.');
    },
  },
  {
    name: 'an order lookup slower than 8 s counts as a storage failure',
    spec: {
      orders: ORDERS,
      faults: { storage: [{ op: 'get', kind: 'slow', delayMs: 9000, keyPrefix: 'order:', times: 1 }] },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'service_error', pin: { outcome: 'service_error' }, warnings: ['order_read_failed'] });
      expect(run.heard(COURIER).at(-1)).toBe('Sorry, we cannot look up orders right now. Please try again later. Goodbye.');
    },
  },
  {
    name: 'an order lookup that takes 7 s is waited for and connects',
    spec: {
      orders: ORDERS,
      faults: { storage: [{ op: 'get', kind: 'slow', delayMs: 7000, keyPrefix: 'order:' }] },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r) => expect(r).toMatchObject({ outcome: 'connected', pin: { outcome: 'matched' }, warnings: [] }),
  },
  {
    name: 'the order lookup is rejected by storage, with an operator: transferred',
    spec: {
      config: WITH_OPERATOR,
      orders: ORDERS,
      faults: { storage: [{ op: 'get', kind: 'reject', keyPrefix: 'order:' }] },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [OPERATOR]: answers() },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'operator', operatorReason: 'service_error' });
      expect(run.heard(OPERATOR)[0]).toContain('The order lookup failed.');
    },
  },
  {
    name: 'an unreadable order record is a service error, not a crash (helpful wording configured)',
    spec: {
      config: { pin: { revealCallerMismatch: true } },
      orders: { '12345': '{"version":1,"orderId":"A-1"' },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
    },
    check: (r) => expect(r).toMatchObject({ outcome: 'service_error', warnings: ['order_record_invalid'] }),
  },
  {
    name: 'by default an unreadable order record sounds like any rejected PIN (the caller may not be a party), the backend is told',
    spec: { orders: { '12345': '{"version":1,"orderId":"A-1"' }, calls: [{ from: STRANGER, to: VIRTUAL_A, actions: enterPin('12345') }] },
    check: (r, run) => {
      expect(r).toMatchObject({ pin: { outcome: 'no_input', attempts: 3 }, warnings: ['order_record_invalid'] });
      expect(run.heard(STRANGER)[1]).toBe(
        'We could not find that order for the phone number you are calling from. Please enter your 5 digit order number.',
      );
    },
  },
  {
    name: 'the webhook fails twice with 500, the third attempt is delivered',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
      webhook: (_req, n) => ({ status: n < 2 ? 500 : 200 }),
    },
    check: (r, run) => {
      expect(run.posts.map((p) => p.status)).toEqual([500, 500, 200]);
      expect(new Set(run.posts.map((p) => JSON.parse(p.req.body).resultId)).size).toBe(1);
      expect(r.outcome).toBe('connected');
    },
  },
  {
    name: 'the webhook stays unreachable: the result is dead-lettered with a TTL',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
      faults: { http: [{ kind: 'connectionRefused' }] },
    },
    check: (r, run) => {
      const delivered = onlyResult(run);
      expect(delivered.via).toBe('deadletter');
      const item = run.storage.get(`deadletter:${r.sessionId}`)!;
      expect(item.expireAt - Math.floor(run.emulator.now() / 1000)).toBeGreaterThan(6 * 24 * 3600);
    },
  },
  {
    name: 'the webhook is unreachable and both dead-letter writes fail: the masked result is kept in the session log',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
      faults: { http: [{ kind: 'connectionRefused' }], storage: [{ op: 'put', kind: 'reject', keyPrefix: 'deadletter:', times: 2 }] },
    },
    // Neither posted nor dead-lettered: the one place the result is kept is the log.
    problems: ['session 1: 0 results delivered or dead-lettered, expected exactly 1'],
    check: (_r, run) => {
      expect(run.posts).toEqual([]);
      expect(run.storage.get(`deadletter:${run.sessions[0].sessionId}`)).toBeNull();
      const lines = run.emulator.trace.logLines(run.sessions[0].sessionId);
      expect(lines.filter((l) => l.startsWith('voxmask dead_letter_failed'))).toHaveLength(2);
      const logged = lines.filter((l) => l.startsWith('voxmask result_undelivered result='));
      expect(logged).toHaveLength(1);
      const result = JSON.parse(JSON.parse(logged[0].slice('voxmask result_undelivered result='.length))) as CallResult;
      expect(result).toMatchObject({
        sessionId: run.sessions[0].sessionId,
        outcome: 'connected',
        virtualNumber: maskPhone(VIRTUAL_A),
        caller: maskPhone(COURIER),
      });
      expect(lines.at(-1)).toBe('voxmask session_end outcome="connected" delivery="logged"');
    },
  },
  {
    name: 'without the signing secret nothing is posted unsigned: the result is dead-lettered',
    spec: {
      orders: ORDERS,
      secrets: {},
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      expect(run.posts).toHaveLength(0);
      expect(onlyResult(run).via).toBe('deadletter');
      expect(r.outcome).toBe('connected');
    },
  },
  {
    name: 'the webhook refuses the result with 400: not retried (a client error will not heal), dead-lettered',
    spec: {
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
      webhook: () => ({ status: 400 }),
    },
    check: (r, run) => {
      expect(run.posts.map((p) => p.status)).toEqual([400]);
      expect(onlyResult(run).via).toBe('deadletter');
      expect(r.outcome).toBe('connected');
    },
  },
  {
    name: 'no webhook configured: nothing is posted, the result is dead-lettered',
    spec: {
      config: { results: { webhookUrl: null } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') }],
      phones: { [CUSTOMER]: answers() },
    },
    check: (r, run) => {
      expect(run.posts).toHaveLength(0);
      expect(onlyResult(run).via).toBe('deadletter');
      expect(run.emulator.trace.logLines().join('\n')).toContain('voxmask result_not_posted reason="no_webhook"');
      expect(r.outcome).toBe('connected');
    },
  },
  {
    name: 'the operator does not answer: the caller hears so',
    spec: {
      config: { ...WITH_OPERATOR, operator: { number: OPERATOR, ringTimeoutS: 15 } },
      orders: ORDERS,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '#' }] }],
      phones: { [OPERATOR]: { noAnswer: {} } },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'operator_unavailable', operatorReason: 'caller_request' });
      expect(run.heard(COURIER).at(-1)).toBe('No operator is available right now. Please try again later. Goodbye.');
    },
  },
  {
    name: 'the caller hangs up during the greeting',
    spec: { orders: ORDERS, calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitS: 2 }, { hangup: true }] }] },
    check: (r) => expect(r).toMatchObject({ outcome: 'caller_hung_up', endedBy: 'caller', pin: { outcome: 'not_entered', attempts: 1 } }),
  },
  {
    name: 'two concurrent calls on two virtual numbers stay apart',
    spec: {
      orders: {
        '12345': order('A-1'),
        '67890': order('B-2', {}, [
          { role: 'courier', phone: COURIER_2 },
          { role: 'customer', phone: CUSTOMER_2 },
        ]),
      },
      calls: [
        { from: COURIER, to: VIRTUAL_A, actions: enterPin('12345') },
        { from: CUSTOMER_2, to: VIRTUAL_B, actions: enterPin('67890') },
      ],
      phones: { [CUSTOMER]: answers(3, 30), [COURIER_2]: answers(2, 30) },
    },
    check: (_r, run) => {
      const results = run.sessions.map((s) => run.results.get(s.sessionId)![0].result);
      expect(results.map((x) => [x.outcome, x.orderId, x.virtualNumber])).toEqual([
        ['connected', 'A-1', VIRTUAL_A],
        ['connected', 'B-2', VIRTUAL_B],
      ]);
      expect(run.emulator.trace.callerIdsShownTo(CUSTOMER)).toEqual([VIRTUAL_A]);
      expect(run.emulator.trace.callerIdsShownTo(COURIER_2)).toEqual([VIRTUAL_B]);
      expect(run.heard(COURIER_2)).toEqual(['The customer is calling about order B-2.', `party:${CUSTOMER_2}`]);
    },
  },
];

describe('masked-call flows (compiled bundle in the emulator)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, flow) => {
    const run = await runScenario(builds, flow.spec);
    expect(checkInvariants(run, flow.spec.orders)).toEqual(flow.problems ?? []);
    const first = run.results.get(run.sessions[0].sessionId)![0]?.result;
    flow.check(first, run);
  });
});
