import { PlatformRequestError } from '../../src/platform/errors';
import { prepareRequest } from '../../src/platform/request';

describe('prepareRequest', () => {
  it('drops undefined and null keys, which make the client throw synchronously', () => {
    expect(prepareRequest('GetRules', { applicationId: 5, ruleName: undefined, template: null })).toEqual({ applicationId: 5 });
  });

  it('joins lists with ";" (stringlist fields reject arrays)', () => {
    expect(prepareRequest('BindScenario', { scenarioId: [3, 1, 2], scenarioName: ['a', 'b'] })).toEqual({
      scenarioId: '3;1;2',
      scenarioName: 'a;b',
    });
  });

  it('turns booleans into "true"/"false" so unmapped keys do not reject', () => {
    expect(prepareRequest('StartScenarios', { with_check_url: true, bind: false })).toEqual({ with_check_url: 'true', bind: 'false' });
  });

  it('keeps strings (including empty ones), numbers and dates unchanged', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    expect(prepareRequest('X', { a: '', b: 0, c: when })).toEqual({ a: '', b: 0, c: when });
  });

  it('refuses a list item containing the separator, naming the field', () => {
    expect(() => prepareRequest('DelRule', { ruleName: ['ok', 'bad;name'] })).toThrow(PlatformRequestError);
    expect(() => prepareRequest('DelRule', { ruleName: ['ok', 'bad;name'] })).toThrow('ruleName[1]');
  });

  it('refuses non-finite numbers', () => {
    expect(() => prepareRequest('SetKeyValueItem', { ttl: Number.NaN })).toThrow(/"ttl" is NaN/);
  });
});
