import { untilStopSignal } from '../../src/cli/options';

describe('untilStopSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('resolves with %s and removes both of its handlers', async (signal) => {
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    const stopped = untilStopSignal();
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM + 1);
    process.emit(signal, signal);
    await expect(stopped).resolves.toBe(signal);
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT);
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM);
  });
});
