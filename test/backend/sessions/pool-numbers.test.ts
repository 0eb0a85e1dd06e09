import { rankCandidates, resolvePool } from '../../../src/backend/sessions/pool-numbers';
import { seeded } from './support';

describe('resolvePool', () => {
  it("resolves digits and the country (configured, else the number's own), and names a bad entry", () => {
    expect(resolvePool([{ number: '+4930500000100' }, { number: '+12125550101', country: 'DE' }, { number: '+14165550123' }])).toEqual([
      { number: '+4930500000100', digits: '4930500000100', country: 'DE' },
      { number: '+12125550101', digits: '12125550101', country: 'DE' },
      { number: '+14165550123', digits: '14165550123', country: 'CA' },
    ]);
    expect(() => resolvePool([{ number: '030 500000100' }])).toThrow(/pool\.numbers\[0\]\.number must be E\.164/);
    expect(() => resolvePool([{ number: '+4930500000100' }, { number: '+4930500000100' }])).toThrow(
      /pool\.numbers\[1\]\.number is listed twice/,
    );
  });
});

describe('rankCandidates', () => {
  const pool = resolvePool([
    { number: '+12125550101' },
    { number: '+4930500000100' },
    { number: '+4930500000101' },
    { number: '+14165550123' },
    { number: '+12125550102' },
  ]);

  it("puts numbers in both parties' country first, then in one, then the rest, never a blocked one (whatever the random order)", () => {
    for (let seed = 0; seed < 20; seed++) {
      const ranked = rankCandidates(pool, ['DE', 'US'], new Set(['4930500000101']), seeded(seed)).map((n) => n.country);
      expect(ranked.slice(0, 3).sort()).toEqual(['DE', 'US', 'US']);
      expect(ranked[3]).toBe('CA');
      expect(
        rankCandidates(pool, ['DE', 'DE'], new Set(), seeded(seed))
          .slice(0, 2)
          .map((n) => n.country),
      ).toEqual(['DE', 'DE']);
    }
    expect(rankCandidates(pool, ['DE', 'DE'], new Set(pool.map((n) => n.digits)), seeded(3))).toEqual([]);
  });

  it('spreads picks over the numbers of one rank', () => {
    const random = seeded(11);
    const firsts = new Set(Array.from({ length: 40 }, () => rankCandidates(pool, [undefined, undefined], new Set(), random)[0].number));
    expect(firsts.size).toBe(pool.length);
  });
});
