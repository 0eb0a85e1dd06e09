/**
 * Concurrent sessions share nothing but ApplicationStorage (docs/platform.md#execution-model, docs/platform.md#kv-scope), and
 * interleave correctly on the emulator's one virtual clock.
 */
import { KeyValueStore } from '../../../src/sandbox/kv-store';
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';

const SCENARIO = `
require(Modules.ApplicationStorage);
VoxEngine.addEventListener(AppEvents.CallAlerting, async (e) => {
  const me = e.callerid;
  Logger.write(me + ' sees shared=' + (typeof shared === 'undefined' ? 'undefined' : shared) + ', patched=' + (typeof Array.prototype.patched));
  globalThis.shared = me;
  Array.prototype.patched = me;
  VoxEngine.customData('owner ' + me);
  await ApplicationStorage.put('seen:' + me, String(Date.now()), 600);
  setTimeout(async () => {
    const keys = await ApplicationStorage.keys('seen:');
    Logger.write(me + ' at ' + (Date.now() - Date.parse('2026-01-01T00:00:00Z')) + ' still has shared=' + shared + ', customData=' + VoxEngine.customData() + ', keys=' + keys.keys.join(','));
    VoxEngine.terminate();
  }, 10000);
});`;

describe('isolation', () => {
  test('two concurrent sessions: globals, prototypes and customData are separate; storage is shared', async () => {
    const emulator = new VoxEngineEmulator();
    const app = { id: 1, name: 'a', storage: new KeyValueStore(() => emulator.now()), secrets: {} };
    const scenarios = [{ name: 'iso', code: SCENARIO }];
    const first = emulator.startInboundCall(app, scenarios, { from: '+15550000011', to: '+15550000100', atS: 0 });
    const second = emulator.startInboundCall(app, scenarios, { from: '+15550000022', to: '+15550000100', atS: 3 });
    await emulator.runUntilIdle();
    const a = await first.done;
    const b = await second.done;
    expect(a.logLines).toEqual([
      '+15550000011 sees shared=undefined, patched=undefined',
      '+15550000011 at 10010 still has shared=+15550000011, customData=owner +15550000011, keys=seen:+15550000011,seen:+15550000022',
    ]);
    expect(b.logLines).toEqual([
      '+15550000022 sees shared=undefined, patched=undefined',
      '+15550000022 at 13010 still has shared=+15550000022, customData=owner +15550000022, keys=seen:+15550000011,seen:+15550000022',
    ]);
    expect([a.customData, b.customData]).toEqual(['owner +15550000011', 'owner +15550000022']);
    const logOrder = emulator.trace.records.filter((r) => r.kind === 'log').map((r) => r.sessionId);
    expect(logOrder).toEqual([1, 2, 1, 2]);
    expect([].constructor.prototype).not.toHaveProperty('patched');
  });

  test('a session cannot reach another session through shared emulator objects', async () => {
    const emulator = new VoxEngineEmulator();
    const app = { id: 1, name: 'a', storage: new KeyValueStore(() => emulator.now()), secrets: {} };
    const writer = emulator.startSession(app, [
      {
        name: 'writer',
        code: `VoxEngine.extra = 'x'; CallEvents.Connected = 'changed'; try { VoiceList.Amazon.en_US_Joanna.name = 'y'; } catch (e) {} VoxEngine.terminate();`,
      },
    ]);
    await emulator.runUntilIdle();
    await writer.done;
    const reader = emulator.startSession(app, [
      {
        name: 'reader',
        code: `Logger.write([typeof VoxEngine.extra, CallEvents.Connected, VoiceList.Amazon.en_US_Joanna.name, VoxEngine.callPSTN.constructor === Function].join(' ')); VoxEngine.terminate();`,
      },
    ]);
    await emulator.runUntilIdle();
    expect((await reader.done).logLines).toEqual(['undefined Call.Connected en_US_Joanna true']);
  });
});
