import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openOrderStore } from '../../src/backend/orders';
import { OrderStore } from '../../src/backend/orders/order-store';
import { scenarioConfigSchema } from '../../src/config/scenario';
import { deploy } from '../../src/deploy/deploy';
import { SandboxFixture, startSandbox } from './sandbox-harness';

/**
 * The whole chain with no shortcut: the repository's voxfiles/ (application and rules config, the
 * committed masked-call bundle) deployed by `deploy` through the real client, an order seeded through
 * the backend library, then an inbound PSTN call to the bound virtual number placed on the sandbox:
 * number → application → rule → the deployed scenario, which reads the seeded order and bridges.
 */
const REPO_VOXFILES = resolve(__dirname, '../../voxfiles');
const VIRTUAL = '+12125550142';
const COURIER = '+4915123456781';
const CUSTOMER = '+4917698765432';
const SCENARIO_DEFAULTS = scenarioConfigSchema.parse({});
const PIN_LENGTH = SCENARIO_DEFAULTS.pin.length;

describe('deploy → seed → inbound call on the sandbox', () => {
  let fx: SandboxFixture;
  let voxfiles: string;
  let orders: OrderStore;

  beforeAll(async () => {
    fx = await startSandbox();
    voxfiles = mkdtempSync(join(tmpdir(), 'voxmask-chain-'));
    cpSync(join(REPO_VOXFILES, 'applications'), join(voxfiles, 'applications'), { recursive: true });
    cpSync(join(REPO_VOXFILES, 'scenarios', 'src'), join(voxfiles, 'scenarios', 'src'), { recursive: true });
    await deploy({
      api: fx.api,
      voxfilesDir: voxfiles,
      metadataDir: join(voxfiles, '.voxengine-ci'),
      applicationName: 'voxmask',
      numbers: [{ number: VIRTUAL }],
      canRentNumbers: true,
      rental: { countryCode: 'US', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 1 },
    });
    // The operator's one manual step (control panel → application → Secrets on a real account): the
    // result-signing secret the scenario reads with VoxEngine.getSecretValue when a webhook is configured.
    fx.sandbox.setSecret('voxmask', SCENARIO_DEFAULTS.results.secretName, 'chain-test-secret');
    orders = await openOrderStore(fx.api, { applicationName: 'voxmask', pinLength: PIN_LENGTH, now: () => fx.sandbox.emulator.now() });
    fx.sandbox.emulator.setPhone(CUSTOMER, { answer: { afterS: 3, actions: [{ waitS: 10 }, { hangup: true }] } });
  }, 60_000);
  afterAll(async () => {
    await fx.close();
    rmSync(voxfiles, { recursive: true, force: true });
  });

  /** An order between the courier and the customer. */
  const seed = (orderId: string, expectedDeliveryAt?: Date) =>
    orders.createOrder({
      orderId,
      parties: [
        { role: 'courier', phone: COURIER },
        { role: 'customer', phone: CUSTOMER },
      ],
      expectedDeliveryAt,
    });

  async function call(pin: string) {
    await fx.sandbox.syncClock();
    const handle = fx.sandbox.placeInboundCall({
      from: COURIER,
      to: VIRTUAL,
      actions: [{ waitUntilHeard: 'order number' }, { press: pin }],
    });
    await fx.sandbox.emulator.runUntilIdle();
    return handle.done;
  }

  it('bridges the courier to the customer through the deployed scenario, showing only the virtual number', async () => {
    const { pin } = await seed('CHAIN-1', new Date(fx.sandbox.emulator.now() + 3600_000));
    const session = await call(pin);
    expect(session).toMatchObject({
      applicationName: 'voxmask.voxmask-sandbox.voximplant.com',
      ruleName: 'masked-call',
      finishReason: 'Normal termination',
    });
    expect(session.calls.map((c) => [c.incoming, c.remoteNumber, c.successful])).toEqual(
      expect.arrayContaining([
        [true, COURIER, true],
        [false, CUSTOMER, true],
      ]),
    );
    expect(session.calls).toHaveLength(2);
    const trace = fx.sandbox.emulator.trace;
    expect(trace.heardBy(COURIER).some((h) => h.kind === 'party' && h.peer === CUSTOMER && h.sessionId === session.sessionId)).toBe(true);
    expect(trace.callerIdsShownTo(CUSTOMER)).toEqual([VIRTUAL]);
    expect(session.logLines.join('\n')).not.toContain(CUSTOMER.slice(1));
  });

  it('after the order is closed on delivery, its PIN no longer reaches the other party', async () => {
    const { pin } = await seed('CHAIN-2');
    await orders.closeOrder('CHAIN-2');
    const session = await call(pin);
    // (The bundle's configuration may hand the caller to an operator instead; the customer is never dialed.)
    expect(session.calls.filter((c) => !c.incoming && c.remoteNumber === CUSTOMER)).toEqual([]);
    expect(
      fx.sandbox.emulator.trace
        .heardBy(COURIER)
        .some((h) => h.kind === 'party' && h.peer === CUSTOMER && h.sessionId === session.sessionId),
    ).toBe(false);
  });

  it('deployed exactly the committed bundle', async () => {
    const scenarios = await fx.api.call('GetScenarios', { scenarioName: 'masked-call' });
    const full = await fx.api.call('GetScenarios', { scenarioId: scenarios.result[0].scenarioId, withScript: true });
    expect(full.result[0].scenarioScript).toBe(readFileSync(join(REPO_VOXFILES, 'scenarios', 'src', 'masked-call.voxengine.js'), 'utf8'));
  });
});
