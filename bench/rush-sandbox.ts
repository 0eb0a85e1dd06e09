/**
 * A sandbox set up like a delivery service's account, for the call benchmarks (sandbox-calls.bench.ts):
 * a masked-call scenario bundle deployed through the Management API (official client), one US virtual
 * number bound to its rule, `orders` orders in ApplicationStorage, results posted to a webhook that
 * this process answers. A call dials the virtual number from the courier's phone, types the order's
 * PIN, and is bridged to the customer (the sandbox's default far end: answers after 2 s, talks 20 s,
 * hangs up).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallResult } from '../contract/call-result';
import { formatOrderRecord, orderKey } from '../contract/order-record';
import { scenarioConfigSchema } from '../src/config/scenario';
import { connectPlatform } from '../src/platform/client';
import { Sandbox } from '../src/sandbox';
import type { SessionRecord } from '../src/sandbox/runtime';
import { BENCH_TLS_DIR } from './run';

const WEBHOOK = 'https://backend.example/voxmask/results';
const SECRET_NAME = 'voxmask-webhook-secret';
/** The first number of the sandbox's New York stock (src/sandbox/state/phone-stock.ts). */
const VIRTUAL_NUMBER = '+12125550100';

/** One seeded order: its PIN and the two parties' phones (E.164). */
export interface BenchOrder {
  orderId: string;
  pin: string;
  courier: string;
  customer: string;
}

export interface RushSandbox {
  sandbox: Sandbox;
  orders: BenchOrder[];
  /** Results posted to the webhook, by the emulator's session id (each call should post exactly one). */
  resultsBySession: Map<number, number>;
  close(): Promise<void>;
}

/** The configuration the bundle must be linked with (linkScenario): results go to the bench's webhook. */
export const RUSH_SCENARIO_CONFIG = scenarioConfigSchema.parse({ results: { webhookUrl: WEBHOOK } });

/**
 * Starts the sandbox in a new temp folder, deploys `code` (the masked-call bundle linked with
 * RUSH_SCENARIO_CONFIG) and seeds `orders` orders (PINs of the configured length).
 */
export async function startRushSandbox(orders: number, code: string): Promise<RushSandbox> {
  const pinLength = RUSH_SCENARIO_CONFIG.pin.length;
  if (orders > 10 ** pinLength / 2) throw new RangeError(`at most ${10 ** pinLength / 2} orders with ${pinLength}-digit PINs`);

  const dir = mkdtempSync(join(tmpdir(), 'voxmask-rush-'));
  const resultsBySession = new Map<number, number>();
  const sandbox = await Sandbox.start({
    dir,
    tlsDir: BENCH_TLS_DIR,
    runtime: {
      defaultPhone: { answer: { afterS: 2, actions: [{ waitS: 20 }, { hangup: true }] } },
      http: (req) => {
        if (req.url === WEBHOOK) {
          const { sessionId } = JSON.parse(req.body) as CallResult;
          resultsBySession.set(sessionId, (resultsBySession.get(sessionId) ?? 0) + 1);
        }
        return { status: 200 };
      },
    },
  });
  try {
    const api = await connectPlatform({
      credentialsFile: sandbox.credentialsFile,
      host: sandbox.host,
      sandboxCa: readFileSync(sandbox.caCertFile),
    });
    const { applicationId } = await api.call('AddApplication', { applicationName: 'rush' });
    const { scenarioId } = await api.call('AddScenario', { scenarioName: 'masked-call', scenarioScript: code });
    const { ruleId } = await api.call('AddRule', { applicationId, ruleName: 'inbound', rulePattern: '.*', scenarioId: [scenarioId] });
    const attached = await api.call('AttachPhoneNumber', {
      countryCode: 'US',
      phoneCategoryName: 'GEOGRAPHIC',
      phoneRegionId: 1,
      phoneNumber: VIRTUAL_NUMBER.slice(1),
    });
    const phoneId = attached.phoneNumbers?.[0]?.phoneId;
    if (phoneId === undefined) throw new Error(`AttachPhoneNumber did not return ${VIRTUAL_NUMBER}`);
    await api.call('BindPhoneNumberToApplication', { phoneId, applicationId, ruleId, bind: true });
    sandbox.setSecret(applicationId, SECRET_NAME, 'bench-secret');

    const storage = sandbox.storageOf(applicationId);
    const seeded: BenchOrder[] = [];
    for (let i = 0; i < orders; i++) {
      const order = {
        orderId: `R-${i}`,
        pin: String(10 ** (pinLength - 1) + i),
        courier: `+4915${String(100_000_000 + i)}`,
        customer: `+4917${String(100_000_000 + i)}`,
      };
      storage.put(
        orderKey(order.pin),
        formatOrderRecord({
          version: 1,
          orderId: order.orderId,
          parties: [
            { role: 'courier', phone: order.courier },
            { role: 'customer', phone: order.customer },
          ],
        }),
      );
      seeded.push(order);
    }
    return {
      sandbox,
      orders: seeded,
      resultsBySession,
      close: async () => {
        await sandbox.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Places one call per order of `orders` at the same moment (all concurrent) and runs them to the end in
 * virtual time. Returns the finished sessions and the wall time it took, ms.
 */
export async function placeConcurrentCalls(
  rush: RushSandbox,
  orders: readonly BenchOrder[],
): Promise<{ sessions: SessionRecord[]; wallMs: number }> {
  const started = performance.now();
  const handles = orders.map((o) =>
    rush.sandbox.placeInboundCall({ from: o.courier, to: VIRTUAL_NUMBER, actions: [{ waitS: 1 }, { press: o.pin }] }),
  );
  await rush.sandbox.emulator.runUntilIdle();
  const sessions = await Promise.all(handles.map((h) => h.done));
  return { sessions, wallMs: performance.now() - started };
}
