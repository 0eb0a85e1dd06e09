import { Persister } from '../../../src/sandbox/state/persister';

describe('Persister (group commit of the state database)', () => {
  function recorder(failFirst = 0) {
    const written: number[] = [];
    let value = 0;
    let failures = failFirst;
    let release: (() => void) | undefined;
    const gate = { hold: false };
    const write = async (): Promise<void> => {
      const snapshot = value; // captured synchronously, as the contract asks
      if (gate.hold) await new Promise<void>((r) => (release = r));
      if (failures > 0) {
        failures -= 1;
        throw new Error('disk full');
      }
      written.push(snapshot);
    };
    return { written, gate, set: (v: number) => (value = v), release: () => release?.(), write };
  }

  test('a burst of changes becomes one write, and persisted() resolves after it', async () => {
    const r = recorder();
    const persister = new Persister(r.write, 10);
    for (let i = 1; i <= 100; i++) {
      r.set(i);
      persister.changed();
    }
    await persister.persisted();
    expect(r.written).toEqual([100]);
    expect(persister.dirty).toBe(false);
  });

  test('a change made while a write runs is covered by the next write, not acknowledged early', async () => {
    const r = recorder();
    const persister = new Persister(r.write, 1);
    r.set(1);
    r.gate.hold = true;
    const first = persister.persisted(persister.changed());
    await new Promise((resolve) => setTimeout(resolve, 20)); // the write of 1 is now in flight
    r.set(2);
    const second = persister.persisted(persister.changed());
    let secondDone = false;
    void second.then(() => (secondDone = true));
    r.gate.hold = false;
    r.release();
    await first;
    expect(r.written).toEqual([1]);
    expect(secondDone).toBe(false);
    await second;
    expect(r.written).toEqual([1, 2]);
  });

  test('a failed write rejects its waiters, reports unawaited failures, and the next change retries', async () => {
    const r = recorder(2);
    const errors: string[] = [];
    const persister = new Persister(r.write, 1, (err) => errors.push(err.message));
    r.set(1);
    await expect(persister.persisted(persister.changed())).rejects.toThrow('disk full');
    r.set(2);
    persister.changed();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(errors).toEqual(['disk full']);
    r.set(3);
    await persister.persisted(persister.changed());
    expect(r.written).toEqual([3]);
  });

  test('a waiter does not sit out the debounce window, and concurrent waiters share one write', async () => {
    const r = recorder();
    const persister = new Persister(r.write, 60_000);
    const waits = [1, 2, 3].map((v) => {
      r.set(v);
      return persister.persisted(persister.changed());
    });
    await Promise.all(waits); // would hang for 60 s without the expedited write
    expect(r.written).toEqual([3]);
  });

  test('flush writes at once; close flushes what is pending', async () => {
    const r = recorder();
    const persister = new Persister(r.write, 60_000);
    r.set(7);
    persister.changed();
    await persister.flush();
    expect(r.written).toEqual([7]);
    r.set(8);
    persister.changed();
    await persister.close();
    expect(r.written).toEqual([7, 8]);
  });
});
