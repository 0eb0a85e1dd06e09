import type { CallResult } from '../../contract/call-result';
import { startSandbox, SandboxFixture } from '../deploy/sandbox-harness';

/**
 * The backend example of README.md ("Seeding orders from your backend"), run through the package's
 * public entry (`import … from 'voxmask'`, i.e. src/index.ts) with the real client against a sandbox.
 */
const voxmask = require('../../src') as typeof import('../../src');

describe("README's backend example through the package entry", () => {
  let fx: SandboxFixture;
  beforeAll(async () => {
    fx = await startSandbox();
    await fx.api.call('AddApplication', { applicationName: 'voxmask' });
  });
  afterAll(() => fx.close());

  test('open, re-seed (same PIN, nothing written), extend, look up and close an order', async () => {
    const api = await voxmask.connectPlatform({ credentialsFile: fx.sandbox.credentialsFile, host: fx.sandbox.host });
    const orders = await voxmask.openOrderStore(api, { applicationName: 'voxmask', pinLength: 5, defaultRegion: 'DE' });
    const input = {
      orderId: 'A-1042',
      parties: [
        { role: 'courier' as const, phone: '+49 151 12345678', label: 'Max' },
        { role: 'customer' as const, phone: '030 12345678' },
      ],
      expectedDeliveryAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const created = await orders.createOrder(input);
    expect(created.status).toBe('created');
    expect(created.pin).toMatch(/^\d{5}$/);
    const writes = fx.mark();
    const again = await orders.createOrder(input);
    expect(again).toMatchObject({ status: 'unchanged', pin: created.pin });
    expect(fx.writesSince(writes)).toEqual([]);

    await orders.extendOrder('A-1042', new Date(Date.now() + 7_200_000));
    const active = await orders.lookupOrder('A-1042');
    expect(active?.record.parties.map((p) => p.phone)).toEqual(['+4915112345678', '+493012345678']);
    expect(fx.sandbox.storageOf('voxmask').get(`order:${created.pin}`)).not.toBeNull();

    await orders.closeOrder('A-1042');
    expect(await orders.lookupOrder('A-1042')).toBeUndefined();
    expect(fx.sandbox.storageOf('voxmask').get(`order:${created.pin}`)).toBeNull();
  });

  test('bad input is refused with the field named, nothing written', async () => {
    const api = await voxmask.connectPlatform({ credentialsFile: fx.sandbox.credentialsFile, host: fx.sandbox.host });
    const orders = await voxmask.openOrderStore(api, { applicationName: 'voxmask', pinLength: 5 });
    const writes = fx.mark();
    await expect(
      orders.createOrder({
        orderId: 'A-1',
        parties: [
          { role: 'courier', phone: '+49 30 1' },
          { role: 'customer', phone: '+4930123456789' },
        ],
      }),
    ).rejects.toMatchObject({
      name: 'OrderInputError',
      field: 'parties[0].phone',
    });
    expect(fx.writesSince(writes)).toEqual([]);
  });

  test('results are checked for signature, then schema; a repeated resultId is a duplicate', () => {
    const result = { resultId: '7-x' } as Partial<CallResult>;
    const body = JSON.stringify(result);
    const now = Date.now();
    const headers = voxmask.signResultBody(body, 'secret', Math.floor(now / 1000));
    // The body is not a full result, so the schema check (after the signature) refuses it with 422.
    expect(() => voxmask.verifySignedResult({ headers, body }, { secret: 'secret', nowMs: now })).toThrow(
      expect.objectContaining({ code: 'invalid_body' }),
    );
    expect(() => voxmask.verifySignedResult({ headers, body: body.replace('7', '8') }, { secret: 'secret', nowMs: now })).toThrow(
      expect.objectContaining({ code: 'bad_signature' }),
    );
    const guard = new voxmask.ResultReplayGuard();
    expect(guard.admit('7-x', now)).toBe('new');
    expect(guard.admit('7-x', now + 1000)).toBe('duplicate');
  });
});
