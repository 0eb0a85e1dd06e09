import { parseClickToCallCommand, parseClickToCallData } from '../../../contract/click-to-call';
import { internationalDigits } from '../../../contract/phone';
import { openConfiguredClickToCall, RuleNotFoundError } from '../../../src/backend/calls';
import { AccessUrlError } from '../../../src/backend/calls/access-url';
import { CancelCallError, ClickToCall } from '../../../src/backend/calls/click-to-call';
import { openOrderStore } from '../../../src/backend/orders';
import { OrderInputError, OrderNotFoundError } from '../../../src/backend/orders/errors';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { parseConfig } from '../../../src/config';
import { PlatformApi } from '../../../src/platform/api';
import { connectPlatform } from '../../../src/platform/client';
import type { MediaSessionAnswer, MediaSessionRequest } from '../../../src/sandbox/management-api/media-session';
import { TEST_RETRY } from '../../deploy/sandbox-harness';
import { ApiHarness, startApi } from '../../sandbox/management-api/harness';

/**
 * placeCall and cancelCall against the sandbox's Management API (real client, HTTPS): the StartScenarios
 * request the platform would get (rule, custom data with no phone number), and the cancel command as the
 * session's access URL receives it. Running the click-to-call scenario itself is the scenario's test.
 */
const NOW = Date.parse('2026-05-01T12:00:00Z');

describe('click-to-call through the Management API', () => {
  let h: ApiHarness;
  let api: PlatformApi;
  let orders: OrderStore;
  let calls: ClickToCall;
  const accessRequests: MediaSessionRequest[] = [];
  let sessionAnswer: MediaSessionAnswer = { found: true, contentType: 'text/plain', body: 'cancelled' };

  beforeAll(async () => {
    h = await startApi({
      clockStart: NOW,
      mediaSessions: async (req) => {
        accessRequests.push(req);
        return sessionAnswer;
      },
    });
    api = await connectPlatform({ credentialsFile: h.opened.credentialsFile, host: h.host, retry: TEST_RETRY });
    const { applicationId } = await api.call('AddApplication', { applicationName: 'voxmask' });
    const { scenarioId } = await api.call('AddScenario', {
      scenarioName: 'click-to-call',
      scenarioScript: '// runs in the scenario tests',
    });
    await api.call('AddRule', { applicationId, ruleName: 'click-to-call', rulePattern: '[^\\s\\S]', scenarioId });
    orders = await openOrderStore(api, { applicationName: 'voxmask', pinLength: 5, now: () => h.clock.now });
    await orders.createOrder({
      orderId: 'A-1042',
      parties: [
        { role: 'courier', phone: '+4915112345678' },
        { role: 'customer', phone: '+4930123456789' },
      ],
    });
    const config = parseConfig({ deploy: { applicationName: 'voxmask' } });
    calls = await openConfiguredClickToCall(api, config, { orders, newRequestId: () => 'r-fixed' });
  });
  afterAll(() => h.close());

  it('starts the click-to-call rule with the custom data of the contract, which holds no phone number', async () => {
    const placed = await calls.placeCall({ orderId: 'A-1042', from: 'courier', to: 'customer' });
    const started = h.started.at(-1)!;
    const rule = h.opened.state.rulesOf(started.applicationId).find((r) => r.id === started.ruleId);
    expect(rule?.name).toBe('click-to-call');
    expect(parseClickToCallData(started.customData)).toEqual({
      ok: true,
      value: { v: 1, mode: 'click-to-call', orderId: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-fixed' },
    });
    expect(started.customData).not.toMatch(/\d{6}/);
    expect(
      Object.values(JSON.parse(started.customData) as Record<string, unknown>).every((v) => internationalDigits(String(v)) === null),
    ).toBe(true);
    expect(placed).toEqual({
      sessionId: started.historyId,
      accessUrl: expect.stringMatching(/^https:\/\//),
      requestId: 'r-fixed',
      orderId: 'A-1042',
      from: 'courier',
      to: 'customer',
    });
  });

  it("cancels through the access URL with the contract's command, and tells an ended session apart", async () => {
    const placed = await calls.placeCall({ orderId: 'A-1042', from: 'customer', to: 'courier', requestId: 'r-2' });
    sessionAnswer = { found: true, contentType: 'text/plain', body: 'cancelled' };
    expect(await calls.cancelCall(placed.accessUrl, placed.requestId)).toEqual({ cancelled: true, answer: 'cancelled' });
    const request = accessRequests.at(-1)!;
    expect(request).toMatchObject({ historyId: placed.sessionId, method: 'POST' });
    expect(parseClickToCallCommand(request.content)).toEqual({ ok: true, value: { v: 1, action: 'cancel', requestId: 'r-2' } });
    sessionAnswer = { found: true, contentType: 'application/json', body: '{"v":1,"accepted":false,"state":"ended"}' };
    expect(await calls.cancelCall(placed.accessUrl)).toEqual({ cancelled: false, reason: 'the session has already ended' });
    sessionAnswer = {
      found: true,
      contentType: 'application/json',
      body: '{"v":1,"accepted":false,"state":"refused","problem":"requestId is not this session\'s request"}',
    };
    expect(await calls.cancelCall(placed.accessUrl, 'r-other')).toEqual({
      cancelled: false,
      reason: "the session refused it (requestId is not this session's request)",
    });
    sessionAnswer = { found: false, reason: 'ended' };
    expect(await calls.cancelCall(placed.accessUrl)).toEqual({ cancelled: false, reason: 'the session has already ended' });
  });

  it('refuses a request it can tell is bad before starting any session, naming the field', async () => {
    const before = h.started.length;
    await expect(calls.placeCall({ orderId: 'A-1042', from: 'courier', to: 'courier' })).rejects.toThrow(OrderInputError);
    await expect(calls.placeCall({ orderId: 'A-1042', from: 'courier', to: 'restaurant' })).rejects.toThrow(
      /^to: order A-1042 has no restaurant/,
    );
    await expect(calls.placeCall({ orderId: 'A-1042', from: 'courier', to: 'customer', requestId: '+4915112345678' })).rejects.toThrow(
      /^requestId: /,
    );
    await expect(calls.placeCall({ orderId: 'Z-9', from: 'courier', to: 'customer' })).rejects.toThrow(OrderNotFoundError);
    expect(h.started.length).toBe(before);
    await expect(calls.cancelCall('http://127.0.0.1:1/request/1/x')).rejects.toThrow(AccessUrlError);
  });

  it('reports an access URL that answers neither 200 nor 404, and a missing rule', async () => {
    const placed = await calls.placeCall({ orderId: 'A-1042', from: 'courier', to: 'customer' });
    sessionAnswer = { found: 'late', reason: 'not taken yet' };
    await expect(calls.cancelCall(placed.accessUrl)).rejects.toThrow(/HTTP 504/);
    await expect(calls.cancelCall(placed.accessUrl)).rejects.toThrow(CancelCallError);
    const config = parseConfig({ deploy: { applicationName: 'voxmask', clickToCall: { rule: 'request-a-call' } } });
    await expect(openConfiguredClickToCall(api, config)).rejects.toThrow(RuleNotFoundError);
  });
});
