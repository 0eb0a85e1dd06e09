import fc from 'fast-check';
import type { FarEndBehaviour } from '../../../src/sandbox/runtime';

/**
 * fast-check arbitraries of what a dialed far end does (FarEndBehaviour, the runtime emulator's call
 * script), shared by the scenario property tests; each test weighs the ones its scenario meets with
 * `fc.oneof`. Times are virtual seconds.
 */
export const farEnds = {
  /** Answers within 40 s, then does up to `maxActions` of: wait up to 90 s, hang up, press one of `presses`. */
  answering(options: { maxActions: number; presses?: fc.Arbitrary<string> }): fc.Arbitrary<FarEndBehaviour> {
    const actions = [fc.record({ waitS: fc.integer({ min: 0, max: 90 }) }), fc.constant({ hangup: true as const })];
    const press = options.presses ? [fc.record({ press: options.presses })] : [];
    return fc.record({
      answer: fc.record({
        afterS: fc.integer({ min: 0, max: 40 }),
        actions: fc.array(fc.oneof(...actions, ...press), { maxLength: options.maxActions }),
      }),
    });
  },
  /** Busy within 10 s. */
  busy: fc.record({ busy: fc.record({ afterS: fc.integer({ min: 0, max: 10 }) }) }) as fc.Arbitrary<FarEndBehaviour>,
  noAnswer: fc.constant({ noAnswer: {} }) as fc.Arbitrary<FarEndBehaviour>,
  unreachable: fc.constant({ unreachable: {} }) as fc.Arbitrary<FarEndBehaviour>,
  /** Rejects within 10 s. */
  reject: fc.record({ reject: fc.record({ afterS: fc.integer({ min: 0, max: 10 }) }) }) as fc.Arbitrary<FarEndBehaviour>,
  invalidNumber: fc.constant({ invalidNumber: {} }) as fc.Arbitrary<FarEndBehaviour>,
};
