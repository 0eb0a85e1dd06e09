import { OrderInputError, OrderUpdateRefusedError } from '../../../src/backend/orders/errors';
import { closestName } from '../../../src/backend/orders/did-you-mean';
import { OrderInput } from '../../../src/backend/orders/order-input';
import { formatSeedSummary, seedExitCode, seedRows } from '../../../src/backend/orders/seed';
import { parseSeedText } from '../../../src/backend/orders/seed-file';
import { normaliseDigits } from '../../../contract/digits';
import { memoryKv, orderStoreOn } from './memory-kv';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const VIRTUAL = ['+493025550100', '+493025550101'];
const COURIER = '+4915112345678';
const CUSTOMER = '+493012345678';

function setup() {
  const mem = memoryKv(() => NOW);
  const store = orderStoreOn(mem, () => NOW, { virtualNumbers: VIRTUAL });
  return { mem, store };
}

async function rejectionOf(input: unknown): Promise<Error> {
  const { store } = setup();
  return store.createOrder(input as OrderInput).then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: Error) => err,
  );
}

/** Digits of every run of seven or more in `text`, for "no full number printed" checks. */
function longDigitRuns(text: string): string[] {
  return text.match(/\d{7,}/g) ?? [];
}

describe('unknown fields', () => {
  it.each([
    [
      {
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER, lable: 'Max' },
          { role: 'customer', phone: CUSTOMER },
        ],
      },
      "parties[0].lable: unknown field 'lable' (did you mean 'label'?)",
    ],
    [
      {
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
        ],
        setting: { record: true },
      },
      "setting: unknown field 'setting' (did you mean 'settings'?)",
    ],
    [
      {
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
        ],
        expectedDelivery: '2026-05-01T18:00:00Z',
      },
      "expectedDelivery: unknown field 'expectedDelivery' (did you mean 'expectedDeliveryAt'?)",
    ],
    [
      {
        order_id: 'A-1',
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
        ],
      },
      "order_id: unknown field 'order_id' (did you mean 'orderId'?)",
    ],
    [
      {
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
        ],
        settings: { maxCall: 300 },
      },
      "settings.maxCall: unknown field 'maxCall' (did you mean 'maxCallS'?)",
    ],
    [
      {
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
        ],
        color: 'red',
      },
      "color: unknown field 'color'; known: orderId, parties, expectedDeliveryAt, settings",
    ],
  ])('refuses %j', async (input, message) => {
    const err = await rejectionOf(input);
    expect(err).toBeInstanceOf(OrderInputError);
    expect(err.message).toBe(message);
  });

  it('a JSON Lines file with a misspelt field is rejected on its line, nothing written, exit 2', async () => {
    const { mem, store } = setup();
    const text = `{"orderId":"J-1","parties":[{"role":"courier","phone":"${COURIER}","lable":"Max"},{"role":"customer","phone":"${CUSTOMER}"}]}\n`;
    const summary = await seedRows(parseSeedText(text, 'jsonl'), { store, concurrency: 1 });
    expect(summary.rejected).toEqual([
      { line: 1, orderId: 'J-1', reason: "parties[0].lable: unknown field 'lable' (did you mean 'label'?)" },
    ]);
    expect(mem.writes).toEqual([]);
    expect(seedExitCode(summary)).toBe(2);
  });

  it('suggests only close names', () => {
    expect(closestName('Customer-Phone', ['customer_phone', 'courier_phone'])).toBe('customer_phone');
    expect(closestName('zzz', ['label', 'role'])).toBeUndefined();
  });
});

describe('orders that can never route', () => {
  const party = (role: string, phone: string) => ({ role, phone });
  it.each([
    [
      'both parties on one phone',
      [party('courier', COURIER), party('customer', '+49 151 1234 5678')],
      /^parties: all 2 parties have the same phone \+49\*+678; no call between them could ever be connected$/,
    ],
    [
      'three parties on one phone',
      [party('courier', COURIER), party('customer', COURIER), party('restaurant', '0151 12345678')],
      /^parties: all 3 parties have the same phone/,
    ],
    [
      'a party on a virtual number',
      [party('courier', COURIER), party('customer', '+493025550100')],
      /^parties\[1\]\.phone: \+49\*+100 is a virtual number of this application \(deploy\.numbers\)/,
    ],
    [
      'a party on a virtual number written nationally',
      [party('courier', '030 25550101'), party('customer', CUSTOMER)],
      /^parties\[0\]\.phone: .* is a virtual number/,
    ],
  ])('refuses %s', async (_name, parties, message) => {
    const err = await rejectionOf({ orderId: 'A-1', parties });
    expect(err).toBeInstanceOf(OrderInputError);
    expect(err.message).toMatch(message);
  });

  it('accepts a restaurant that delivers itself (two parties share a phone, a third does not)', async () => {
    const { store } = setup();
    await expect(
      store.createOrder({
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'restaurant', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
        ],
      }),
    ).resolves.toMatchObject({ status: 'created' });
  });
});

describe('a second file re-pointing an order', () => {
  const first = `order_id,courier_phone,customer_phone,courier_label\nA-1,${COURIER},${CUSTOMER},Max\nA-2,${COURIER},${CUSTOMER},Max\n`;
  const second = `order_id,courier_phone,customer_phone,courier_label\nA-1,+4915187654321,${CUSTOMER},Moritz\nA-2,${COURIER},${CUSTOMER},Max\n`;

  it('is reported as updated with the changed parties masked, under the same PIN', async () => {
    const { store } = setup();
    const pins = new Map<string, string>();
    await seedRows(parseSeedText(first, 'csv'), { store, concurrency: 2, onRow: (o) => 'pin' in o && pins.set(o.orderId, o.pin) });
    const again = new Map<string, string>();
    const summary = await seedRows(parseSeedText(second, 'csv'), {
      store,
      concurrency: 2,
      onRow: (o) => 'pin' in o && again.set(o.orderId, o.pin),
    });
    expect(summary).toMatchObject({ updated: 1, unchanged: 1, rejected: [] });
    expect(summary.updatedRows).toEqual([
      { line: 2, orderId: 'A-1', changes: ['courier phone +49********678 → +49********321', 'courier label "Max" → "Moritz"'] },
    ]);
    expect(again).toEqual(pins);
    const text = formatSeedSummary(summary).join('\n');
    expect(text).toContain('  updated  line 2 (order A-1): courier phone +49********678 → +49********321; courier label "Max" → "Moritz"');
    expect(longDigitRuns(text)).toEqual([]);
    expect(seedExitCode(summary)).toBe(0);
  });

  it('is refused with --no-update (allowUpdate: false): nothing written, the old parties stay', async () => {
    const { mem, store } = setup();
    await seedRows(parseSeedText(first, 'csv'), { store, concurrency: 2 });
    const writes = mem.writes.length;
    const summary = await seedRows(parseSeedText(second, 'csv'), { store, concurrency: 2, allowUpdate: false });
    expect(summary).toMatchObject({ updated: 0, unchanged: 1 });
    expect(summary.rejected).toEqual([
      {
        line: 2,
        orderId: 'A-1',
        reason: expect.stringMatching(
          /^order A-1 is already active with other data \(courier phone \+49\*+678 → \+49\*+321; courier label "Max" → "Moritz"\); updates are refused/,
        ),
      },
    ]);
    expect(mem.writes.length).toBe(writes);
    expect((await store.lookupOrder('A-1'))?.record.parties[0].phone).toBe(COURIER);
    await expect(
      store.createOrder(
        {
          orderId: 'A-1',
          parties: [
            { role: 'courier', phone: '+4915187654321' },
            { role: 'customer', phone: CUSTOMER },
          ],
        },
        { allowUpdate: false },
      ),
    ).rejects.toBeInstanceOf(OrderUpdateRefusedError);
  });
});

describe('numbers in the seed report', () => {
  const hostile = [
    'order_id,courier_phone,customer_phone,record,max_call_s',
    `A-1,${COURIER},${CUSTOMER},+4915199887766,`,
    `A-2,${COURIER},${CUSTOMER},,0151 9988 7766`,
    `+4915199887766,${COURIER},${CUSTOMER},,`,
    `A-4,+49 151 99887766 1234,${CUSTOMER},,`,
    `A-5,"+4915199887766,${CUSTOMER},,`,
    `A-6,${COURIER},${CUSTOMER},,,+4915199887766`,
    `A-7,${COURIER},${CUSTOMER},＋４９ １５１ ９９８８ ７７６６,`,
    `A-8,${COURIER},${CUSTOMER},,٠١٥١٩٩٨٨٧٧٦٦`,
  ].join('\n');
  const jsonl = [
    `{"orderId":"J-1","parties":[{"role":"courier","phone":"+4915199887766"}, oops]}`,
    `{"orderId":"J-2","parties":[{"role":"+4915199887766","phone":"${COURIER}"},{"role":"customer","phone":"${CUSTOMER}"}]}`,
    `{"orderId":"J-3","parties":[],"expectedDeliveryAt":"+4915199887766"}`,
  ].join('\n');

  it.each([
    ['csv', hostile],
    ['jsonl', jsonl],
  ] as const)(
    '%s: every rejected row is reported with its line and no number in full; --show-numbers reveals them',
    async (format, text) => {
      const { store } = setup();
      const summary = await seedRows(parseSeedText(text, format), { store, concurrency: 2 });
      const masked = formatSeedSummary(summary);
      expect(summary.rejected.length).toBe(format === 'csv' ? 8 : 3);
      for (const r of summary.rejected) expect(masked.some((line) => line.startsWith(`  rejected line ${r.line}`))).toBe(true);
      expect(longDigitRuns(normaliseDigits(masked.join('\n')).replace(/\s/g, ''))).toEqual([]);
      expect(masked.join('\n')).not.toMatch(/9988\s*7766/);
      const revealed = formatSeedSummary(summary, { showNumbers: true }).join('\n');
      expect(revealed).toMatch(/9988\s*7766/);
    },
  );
});
