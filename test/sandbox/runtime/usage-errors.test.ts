/**
 * Bad arguments to the emulator's Node-side API: an EmulatorUsageError whose `field` is the full path of
 * the offending value (the argument's name continued by the path inside it) and whose `problem` says why.
 */
import { EmulatorUsageError, VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { appFor, CALLER, VIRTUAL } from './helpers';

function usageError(act: () => unknown): EmulatorUsageError {
  try {
    act();
  } catch (error) {
    if (error instanceof EmulatorUsageError) return error;
    throw error;
  }
  throw new Error('expected an EmulatorUsageError, nothing was thrown');
}

describe('EmulatorUsageError names the field', () => {
  test.each([
    ['options.startTime', () => new VoxEngineEmulator({ startTime: 'soon' }), /^must be epoch ms or an ISO 8601 date/],
    ['options.defaultPhone.answer.afterS', () => new VoxEngineEmulator({ defaultPhone: { answer: { afterS: -1 } } }), /^Too small/],
    ['phones["+4930"].answer.afterS', () => new VoxEngineEmulator({ phones: { '+4930': { answer: { afterS: -2 } } } }), /^Too small/],
    ['faults.http[0].kind', () => new VoxEngineEmulator({ faults: { http: [{ kind: 'slow' as 'timeout' }] } }), /^Invalid option/],
  ])('%s', (field, act, problem) => {
    const error = usageError(act);
    expect(error.field).toBe(field);
    expect(error.problem).toMatch(problem);
    expect(error.message).toBe(`${field}: ${error.problem}`);
  });

  test('arguments of a running emulator: setPhone, setFaults, startInboundCall', () => {
    const emulator = new VoxEngineEmulator();
    const app = appFor(emulator);
    const scenarios = [{ name: 'scenario', code: '' }];
    expect(usageError(() => emulator.setPhone('+4930', { busy: { afterS: -1 } })).field).toBe('phones["+4930"].busy.afterS');
    expect(usageError(() => emulator.setFaults({ storage: [{ op: 'get', kind: 'reject', times: -1 }] })).field).toBe(
      'faults.storage[0].times',
    );
    expect(
      usageError(() => emulator.startInboundCall(app, scenarios, { from: CALLER, to: VIRTUAL, actions: [{ press: '12a' }] })).field,
    ).toBe('call.actions[0].press');
    expect(usageError(() => emulator.startInboundCall(app, scenarios, { from: '', to: VIRTUAL })).field).toBe('call.from');
    expect(usageError(() => emulator.startInboundCall({ ...app, id: 1.5 }, scenarios, { from: CALLER, to: VIRTUAL })).field).toBe('app.id');
    expect(usageError(() => emulator.startSession(app, [])).field).toBe('scenarios');
  });
});
