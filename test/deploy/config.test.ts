import { parseConfig } from '../../src/config';
import { deployConfigSchema } from '../../src/config/deploy';

describe('deploy configuration', () => {
  it('defaults every field', () => {
    expect(deployConfigSchema.parse({})).toMatchObject({
      target: 'sandbox',
      host: 'api.voximplant.com',
      applicationName: 'voxmask',
      numbers: [],
      sandboxRental: { countryCode: 'US', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 1 },
      retry: { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8000 },
      tokenReuseS: 30,
      seed: { graceS: 3600, defaultTtlS: 86_400, concurrency: 8, defaultRegion: '', maxPinAttempts: 20 },
      pool: { numbers: [], rule: 'pool-call', coolOffS: 86_400, fallbackToPin: false },
      clickToCall: { rule: 'click-to-call' },
    });
  });

  it('keeps shared and pool numbers apart, each listed once, and names the bad pool field', () => {
    const attempt = () =>
      parseConfig(
        {
          deploy: {
            numbers: [{ number: '+493025550100' }],
            pool: {
              numbers: [
                { number: '+493025550100' },
                { number: '+4930500000100', country: 'de' },
                { number: '+4930500000101' },
                { number: '004930500000101' },
              ],
              coolOffS: -1,
            },
            clickToCall: { rule: 'pool-call' },
          },
        },
        'voxmask.config.json',
      );
    expect(attempt).toThrow(/deploy\.pool\.numbers\.0\.number: repeats the number of numbers\.0\.number/);
    expect(attempt).toThrow(/deploy\.pool\.numbers\.1\.country: must be a two-letter ISO 3166 code/);
    expect(attempt).toThrow(/deploy\.pool\.numbers\.3\.number: must be an E\.164 number/);
    expect(attempt).toThrow(/deploy\.pool\.coolOffS: /);
    expect(attempt).toThrow(/deploy\.clickToCall\.rule: must differ from pool\.rule "pool-call"/);
  });

  it('names each bad field', () => {
    const attempt = () =>
      parseConfig(
        { deploy: { numbers: [{ number: '030 1234567' }], target: 'prod', seed: { defaultRegion: 'de' }, tokenReuseS: 64, extra: 1 } },
        'voxmask.config.json',
      );
    expect(attempt).toThrow(/deploy\.numbers\.0\.number: must be an E\.164 number/);
    expect(attempt).toThrow(/deploy\.target: /);
    expect(attempt).toThrow(/deploy\.seed\.defaultRegion: must be a two-letter ISO 3166 code/);
    expect(attempt).toThrow(/deploy\.tokenReuseS: /);
    expect(attempt).toThrow(/Unrecognized key: "extra"|extra/);
  });

  it('accepts short and full application names, not other shapes', () => {
    expect(deployConfigSchema.parse({ applicationName: 'voxmask.acc.n1.voximplant.com' }).applicationName).toBe(
      'voxmask.acc.n1.voximplant.com',
    );
    expect(() => deployConfigSchema.parse({ applicationName: 'Vox Mask' })).toThrow(/short application name/);
  });

  it("applies the platform's short-name length, 2 to 80 characters, to short and full names", () => {
    const long = `v${'x'.repeat(79)}`;
    expect(deployConfigSchema.parse({ applicationName: long }).applicationName).toBe(long);
    expect(deployConfigSchema.parse({ applicationName: `${long}.acc.voximplant.com` }).applicationName).toBe(`${long}.acc.voximplant.com`);
    for (const bad of ['v', `${long}x`, 'v.acc.voximplant.com', `${long}x.acc.voximplant.com`]) {
      expect(() => deployConfigSchema.parse({ applicationName: bad })).toThrow(/a lowercase letter followed by 1 to 79 of a-z, 0-9/);
    }
  });
});
