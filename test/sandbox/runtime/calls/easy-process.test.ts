/**
 * easyProcess's own trace (src/sandbox/runtime/calls/easy-process.ts): the media bridge it sets up is
 * traced once, as VoxEngine.sendMediaBetween made by VoxEngine.easyProcess, not as a second easyProcess
 * call; forwardCallToPSTN passes followDiversion on, as the official source does.
 */
import { CALLEE, CALLER, ofKind, runScenario } from '../helpers';

describe('easyProcess', () => {
  test('traces itself once and its bridge as sendMediaBetween by easyProcess', async () => {
    const run = await runScenario(`VoxEngine.forwardCallToPSTN((n) => '${CALLEE}');`, {
      call: { actions: [{ waitS: 2 }, { hangup: true }] },
    });
    const apis = ofKind(run, 'api').map((r) => [r.name, r.by]);
    expect(apis.filter(([name]) => name === 'VoxEngine.easyProcess')).toHaveLength(1);
    expect(apis).toContainEqual(['VoxEngine.sendMediaBetween', 'VoxEngine.easyProcess']);
    expect(run.emulator.trace.toTimeline()).toMatch(/VoxEngine\.sendMediaBetween\(1\.1, 1\.2\) by VoxEngine\.easyProcess/);
  });

  test('forwardCallToPSTN passes followDiversion on to callPSTN', async () => {
    const run = await runScenario(
      `VoxEngine.forwardCallToPSTN((n) => '${CALLEE}', undefined, { callerid: '+15550000999', followDiversion: true });`,
      {
        call: { actions: [{ hangup: true }] },
      },
    );
    expect(run.emulator.trace.callerIdsShownTo(CALLEE)).toEqual([CALLER]);
  });
});
