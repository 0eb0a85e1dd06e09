import { NUMBERS_PER_REGION } from '../../../src/sandbox/state/phone-stock';
import { ApiHarness, startApi } from './harness';

/** Phone numbers: the fake stock, renting, binding to an application and a rule (docs/platform.md#phone-numbers). */
describe('phone numbers', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(async () => {
    await api.close();
  });
  const usNy = { countryCode: 'US', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 1 };

  test('the stock is discoverable: categories per country, regions with their free counts', async () => {
    const categories = await api.post({ cmd: 'GetPhoneNumberCategories', country_code: 'GB' });
    expect(categories.json.result).toEqual([
      {
        country_code: 'GB',
        phone_prefix: '44',
        can_list_phone_numbers: true,
        phone_categories: [
          { phone_category_name: 'GEOGRAPHIC', country_has_states: false },
          { phone_category_name: 'MOBILE', country_has_states: false },
        ],
      },
    ]);
    const regions = await api.post({ cmd: 'GetPhoneNumberRegions', country_code: 'US', phone_category_name: 'GEOGRAPHIC' });
    expect(regions.json.result.map((r: { phone_region_id: number; phone_count: number }) => [r.phone_region_id, r.phone_count])).toEqual([
      [1, NUMBERS_PER_REGION],
      [2, NUMBERS_PER_REGION],
    ]);
  });

  test('GetNewPhoneNumbers lists free numbers (fictional 555-01xx), with a mask and paging; bad country/category/region are 239/240/241', async () => {
    const list = await api.client.PhoneNumbers.getNewPhoneNumbers({ ...usNy, count: 3 });
    expect(list.result.map((n) => n.phoneNumber)).toEqual(['12125550100', '12125550101', '12125550102']);
    expect(list.totalCount).toBe(NUMBERS_PER_REGION);
    expect(list.result[0]).toMatchObject({
      phoneCountryCode: 'US',
      phoneCategoryName: 'GEOGRAPHIC',
      phoneRegionName: 'New York',
      phonePrice: 1,
    });
    const masked = await api.client.PhoneNumbers.getNewPhoneNumbers({ ...usNy, phoneNumberMask: '*99' });
    expect(masked.result.map((n) => n.phoneNumber)).toEqual(['12125550199']);
    expect((await api.client.PhoneNumbers.getNewPhoneNumbers({ ...usNy, countryCode: 'ZZ' })).error?.code).toBe(239);
    expect((await api.client.PhoneNumbers.getNewPhoneNumbers({ ...usNy, phoneCategoryName: 'MOBILE' })).error?.code).toBe(240);
    expect((await api.client.PhoneNumbers.getNewPhoneNumbers({ ...usNy, phoneRegionId: 11 })).error?.code).toBe(241);
  });

  test('AttachPhoneNumber rents by count or by number; rented numbers leave the stock; running out is 332 then 331', async () => {
    const byCount = await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneCount: 2 });
    expect(byCount.phoneNumbers.map((p) => p.phoneNumber)).toEqual(['12125550100', '12125550101']);
    const byNumber = await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneNumber: '+12125550150' });
    expect(byNumber.phoneNumbers[0].phoneNumber).toBe('12125550150');
    expect((await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneNumber: '12125550150' })).error?.code).toBe(121);
    expect((await api.client.PhoneNumbers.getNewPhoneNumbers({ ...usNy, count: 1 })).result[0].phoneNumber).toBe('12125550102');
    expect((await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneCount: 98 })).error?.code).toBe(332);
    expect((await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneCount: 97 })).error).toBeUndefined();
    expect((await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneCount: 1 })).error?.code).toBe(331);
    expect((await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneCount: 0 })).error?.code).toBe(243);
  });

  test('BindPhoneNumberToApplication binds to an application and optionally a rule; GetPhoneNumbers filters by them; bind=false unbinds', async () => {
    const appId = (await api.client.Applications.addApplication({ applicationName: 'masking' })).applicationId;
    const { ruleId } = await api.client.Rules.addRule({ applicationId: appId, ruleName: 'inbound', rulePattern: '.*' });
    const [a, b] = (await api.client.PhoneNumbers.attachPhoneNumber({ ...usNy, phoneCount: 2 })).phoneNumbers;
    await api.client.PhoneNumbers.bindPhoneNumberToApplication({ phoneId: a.phoneId, applicationId: appId });
    await api.client.PhoneNumbers.bindPhoneNumberToApplication({
      phoneNumber: b.phoneNumber,
      applicationName: 'masking',
      ruleName: 'inbound',
    });
    const bound = await api.client.PhoneNumbers.getPhoneNumbers({ applicationId: appId });
    expect(bound.result.map((p) => [p.phoneNumber, p.applicationName, p.ruleName])).toEqual([
      [a.phoneNumber, 'masking.voxmask-sandbox.voximplant.com', undefined],
      [b.phoneNumber, 'masking.voxmask-sandbox.voximplant.com', 'inbound'],
    ]);
    expect((await api.client.PhoneNumbers.getPhoneNumbers({ ruleId })).result.map((p) => p.phoneId)).toEqual([b.phoneId]);
    await api.client.PhoneNumbers.bindPhoneNumberToApplication({ phoneId: a.phoneId, bind: false });
    const unbound = await api.post({ cmd: 'GetPhoneNumbers', is_bound_to_application: 'false' });
    expect(unbound.json.result.map((p: { phone_id: number }) => p.phone_id)).toEqual([a.phoneId]);
    const idsOf = async (fields: Record<string, string>): Promise<number[]> =>
      (await api.post({ cmd: 'GetPhoneNumbers', ...fields })).json.result.map((p: { phone_id: number }) => p.phone_id);
    expect(await idsOf({ is_bound_to_rule: 'true' })).toEqual([b.phoneId]);
    expect(await idsOf({ is_bound_to_rule: '0' })).toEqual([a.phoneId]);
    expect(await idsOf({})).toEqual([a.phoneId, b.phoneId]);
    expect((await api.client.PhoneNumbers.bindPhoneNumberToApplication({ phoneId: 424242, applicationId: appId })).error?.code).toBe(181);
    expect((await api.client.PhoneNumbers.bindPhoneNumberToApplication({ phoneId: a.phoneId })).error?.code).toBe(134);
  });
});
