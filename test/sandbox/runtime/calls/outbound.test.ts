/**
 * VoxEngine.callPSTN's caller ID and third argument (src/sandbox/runtime/calls/outbound.ts): a caller
 * ID with spaces or a placeholder is refused with an error that says the refusal is the emulator's
 * documented choice; followDiversion shows the inbound caller's ID (so the masking checks see it);
 * amd and unknown parameters are not silently dropped but warned about.
 */
import { CALLEE, CALLER, ofKind, runScenario, VIRTUAL } from '../helpers';

async function logsOf(body: string) {
  return runScenario(`VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { ${body}; VoxEngine.terminate(); });`);
}

describe('VoxEngine.callPSTN', () => {
  test.each([['+1 555 000 0100'], ['YOUR_CALLER_ID'], ['']])(
    "refuses the caller ID %j, saying that refusing is the emulator's choice",
    async (callerid) => {
      const run = await logsOf(
        `try { VoxEngine.callPSTN('${CALLEE}', ${JSON.stringify(callerid)}); } catch (err) { Logger.write(err.name + ': ' + err.message); }`,
      );
      expect(run.logs).toHaveLength(1);
      expect(run.logs[0]).toContain(
        `TypeError: VoxEngine.callPSTN: callerid must be a phone number (digits, an optional leading +, no spaces) or the inbound call's caller ID, got ${JSON.stringify(callerid)}`,
      );
      expect(run.logs[0]).toContain("refusing it is the emulator's choice (docs/platform.md#caller-id)");
      expect(ofKind(run, 'call.outbound')).toHaveLength(0);
    },
  );

  test("accepts the inbound call's caller ID as it came, even when it is not digits", async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { VoxEngine.callPSTN('${CALLEE}', e.callerid); VoxEngine.terminate(); });`,
      { call: { from: 'anonymous' } },
    );
    expect(ofKind(run, 'call.outbound')).toEqual([expect.objectContaining({ number: CALLEE, callerid: 'anonymous' })]);
  });

  test('followDiversion: true shows the callee the inbound caller ID instead of the given one', async () => {
    const run = await logsOf(`VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}', { followDiversion: true })`);
    expect(run.emulator.trace.callerIdsShownTo(CALLEE)).toEqual([CALLER]);
  });

  test('followDiversion without an inbound call, amd, and unknown parameters each leave a warning; the call goes on', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => { VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}', { followDiversion: true, amd: {}, recordCall: true }); VoxEngine.terminate(); });`,
      { call: null },
    );
    expect(ofKind(run, 'warning').map((w) => w.topic)).toEqual(['followDiversionWithoutInbound', 'amdNotEmulated', 'callPSTNParameters']);
    expect(ofKind(run, 'warning')[2].text).toBe('VoxEngine.callPSTN: parameters recordCall are not CallPSTNParameters and were ignored');
    expect(run.emulator.trace.callerIdsShownTo(CALLEE)).toEqual([VIRTUAL]);
  });
});
