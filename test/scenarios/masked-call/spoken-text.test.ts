/**
 * The compiled bundle never speaks a label or order id that could carry a phone number, even when the
 * record was written by another tool that skipped the backend's validation (contract/spoken-text.ts):
 * the call still connects, the callee hears the role name, and the whisper leaves the order id out.
 */
import {
  checkInvariants,
  COURIER,
  CUSTOMER,
  onlyResult,
  order,
  RunOutcome,
  runScenario,
  ScenarioBuilds,
  VIRTUAL_A,
} from '../support/harness';

const builds = new ScenarioBuilds();
const fullWidth = (s: string) => s.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0x0660 + Number(c)));
const courierNational = `0${COURIER.slice(3)}`;

/** The courier calls about `record` (stored raw, as another tool might write it); invariants checked. */
async function courierCalls(record: Record<string, unknown>): Promise<RunOutcome> {
  const orders = { '12345': record };
  const outcome = await runScenario(builds, {
    orders,
    phones: { [CUSTOMER]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } },
    calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 60 }] }],
  });
  expect(checkInvariants(outcome, orders)).toEqual([]);
  return outcome;
}

describe('spoken text from the order record (compiled bundle)', () => {
  it.each([
    ['commas', `Max ${courierNational.slice(0, 4)},${courierNational.slice(4, 8)},${courierNational.slice(8)}`],
    ['plus and spaces', `Max ${COURIER.slice(0, 3)} ${COURIER.slice(3, 6)} ${COURIER.slice(6)}`],
    ['en dashes', `Max ${courierNational.slice(0, 4)}–${courierNational.slice(4)}`],
    ['full-width digits', `Max ${fullWidth(courierNational)}`],
    ['Arabic-Indic digits', `Max ${arabicIndic(courierNational)}`],
    [
      'digit names',
      `Max ${[...COURIER.slice(-7)].map((d) => ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][Number(d)]).join(' ')}`.slice(
        0,
        40,
      ),
    ],
  ])('a label with the caller number (%s) is never spoken: the callee hears the role name', async (_how, label) => {
    const outcome = await courierCalls(
      order('A-1042', {}, [
        { role: 'courier', phone: COURIER, label },
        { role: 'customer', phone: CUSTOMER },
      ]),
    );
    expect(onlyResult(outcome).result.outcome).toBe('connected');
    const heard = outcome.heard(CUSTOMER).join(' | ');
    expect(heard).toContain('The courier is calling about order A-1042.');
    expect(heard).not.toContain('Max');
    expect(onlyResult(outcome).result.warnings).toEqual(['order_text_unspeakable']);
  });

  it('a safe label is still spoken', async () => {
    const outcome = await courierCalls(
      order('A-1042', {}, [
        { role: 'courier', phone: COURIER, label: 'Max 2' },
        { role: 'customer', phone: CUSTOMER },
      ]),
    );
    expect(outcome.heard(CUSTOMER).join(' | ')).toContain('Max 2 is calling about order A-1042.');
  });

  it('an order id holding a party number is left out of the whisper', async () => {
    const outcome = await courierCalls(order(`X${COURIER.slice(-7)}`));
    expect(onlyResult(outcome).result.outcome).toBe('connected');
    const spoken = outcome.heard(CUSTOMER).filter((item) => !item.startsWith('party:'));
    expect(spoken).toContain('The courier is calling about your order.');
    expect(spoken.join(' ')).not.toContain(COURIER.slice(-7));
    expect(onlyResult(outcome).result).toMatchObject({ orderId: 'X*******', warnings: ['order_text_unspeakable'] });
  });

  it('a caller number split between the label and the order id is never whispered', async () => {
    // Each part alone is allowed (3 and 4 digits); the whisper would say both in one sentence.
    const label = `Max ${COURIER.slice(-7, -4)}`;
    const outcome = await courierCalls(
      order(`A-${COURIER.slice(-4)}`, {}, [
        { role: 'courier', phone: COURIER, label },
        { role: 'customer', phone: CUSTOMER },
      ]),
    );
    expect(onlyResult(outcome).result.outcome).toBe('connected');
    const spoken = outcome.heard(CUSTOMER).filter((item) => !item.startsWith('party:'));
    expect(spoken).toContain('The courier is calling about your order.');
    expect(onlyResult(outcome).result.warnings).toEqual(['order_text_unspeakable']);
  });

  it('a date-like order id is spoken', async () => {
    const outcome = await courierCalls(order('ORD-2026-0512'));
    expect(outcome.heard(CUSTOMER).join(' | ')).toContain('about order ORD-2026-0512.');
  });
});

describe('the last line: every utterance is checked against the order phones (CallContext.say)', () => {
  it('a configured prompt that would speak a party number is spoken without its digits', async () => {
    const tail = CUSTOMER.slice(-7);
    const orders = { '12345': order() };
    const outcome = await runScenario(builds, {
      config: { prompts: { en: { connecting: `Connecting you to {calleeName}, reference ${tail.slice(0, 3)} ${tail.slice(3)}.` } } },
      orders,
      phones: { [CUSTOMER]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 60 }] }],
    });
    expect(checkInvariants(outcome, orders)).toEqual([]);
    const heard = outcome.heard(COURIER).filter((item) => !item.startsWith('party:'));
    expect(heard).toContain('Connecting you to the customer, reference .');
    expect(heard.join(' ').replace(/\D/g, '')).not.toContain(tail);
    expect(onlyResult(outcome).result.warnings).toContain('order_text_unspeakable');
  });
});
