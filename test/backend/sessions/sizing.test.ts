import { poolNumbersNeeded } from '../../../src/backend/sessions/sizing';

describe('poolNumbersNeeded', () => {
  it('is (most sessions at once + sessions ended within the cool-off) × (parties per order − 1)', () => {
    expect(poolNumbersNeeded({ peakSessionsPerParty: 60, sessionsEndedWithinCoolOff: 40, partiesPerOrder: 2 })).toBe(100);
    expect(poolNumbersNeeded({ peakSessionsPerParty: 60, sessionsEndedWithinCoolOff: 40, partiesPerOrder: 3 })).toBe(200);
    expect(poolNumbersNeeded({ peakSessionsPerParty: 1, sessionsEndedWithinCoolOff: 0, partiesPerOrder: 2 })).toBe(1);
  });

  it('names a bad field', () => {
    expect(() => poolNumbersNeeded({ peakSessionsPerParty: -1, sessionsEndedWithinCoolOff: 0, partiesPerOrder: 2 })).toThrow(
      /peakSessionsPerParty must be a non-negative integer/,
    );
    expect(() => poolNumbersNeeded({ peakSessionsPerParty: 1, sessionsEndedWithinCoolOff: 0.5, partiesPerOrder: 2 })).toThrow(
      /sessionsEndedWithinCoolOff/,
    );
    expect(() => poolNumbersNeeded({ peakSessionsPerParty: 1, sessionsEndedWithinCoolOff: 0, partiesPerOrder: 4 as never })).toThrow(
      /partiesPerOrder must be 2 or 3/,
    );
  });
});
