import { PhoneNumberRecord } from '../../state/model';
import { PHONE_PERIOD, STOCK_REGIONS, StockNumber, StockRegion, regionNumbers } from '../../state/phone-stock';
import { phoneDigits } from '../../state/routing';
import { MethodContext, MethodTable } from '../context';
import { ApiCode, ApiError } from '../errors';
import { LIST_LIMITS, pageOf } from '../format';
import { findApplication, findRule, requireApplication, sameRecords, throwError } from '../lookup';
import { invalid, missing } from '../params';
import { phoneView } from './views';

/**
 * Phone numbers: GetPhoneNumbers, GetNewPhoneNumbers, AttachPhoneNumber, BindPhoneNumberToApplication,
 * plus GetPhoneNumberCategories and GetPhoneNumberRegions to discover the stock (docs/platform.md#phone-numbers).
 * Numbers are digits without `+`, as the platform lists them; parameters may carry a `+`.
 */
export const phoneNumberMethods: MethodTable = {
  /**
   * The account's rented numbers, sorted by id. Filters: `phone_id` (list/`all`), `phone_number` (list),
   * application, `is_bound_to_application`, `phone_template` (prefix), `country_code` (list),
   * `phone_category_name`, `rule_id` | `rule_name`, `is_bound_to_rule`. Paged (default 20).
   */
  GetPhoneNumbers: {
    handle: (ctx) => {
      const ids = ctx.params.intList('phone_id', true);
      const numbers = ctx.params.stringList('phone_number')?.map(phoneDigits);
      const app = findApplication(ctx, false);
      const rule = findRule(ctx, app, false);
      const boundToApp = ctx.params.optionalBool('is_bound_to_application');
      const boundToRule = ctx.params.optionalBool('is_bound_to_rule');
      const template = ctx.params.string('phone_template');
      const countries = ctx.params.stringList('country_code')?.map((c) => c.toUpperCase());
      const category = ctx.params.string('phone_category_name')?.toUpperCase();
      const phones = ctx.state.phoneNumbers
        .filter(
          (p) =>
            (ids === undefined || ids === 'all' || ids.includes(p.id)) &&
            (numbers === undefined || numbers.includes(p.number)) &&
            (app === undefined || p.applicationId === app.id) &&
            (rule === undefined || p.ruleId === rule.id) &&
            (boundToApp === undefined || (p.applicationId !== null) === boundToApp) &&
            (boundToRule === undefined || (p.ruleId !== null) === boundToRule) &&
            (template === undefined || p.number.startsWith(phoneDigits(template))) &&
            (countries === undefined || countries.includes(p.countryCode)) &&
            (category === undefined || p.categoryName === category),
        )
        .sort((a, b) => a.id - b.id);
      const page = pageOf(ctx.params, phones, LIST_LIMITS);
      return { ...page, result: page.result.map((p) => phoneView(ctx.state, p)) };
    },
  },

  /** Purchasable numbers of a region: `country_code`, `phone_category_name`, `phone_region_id` (all required), `phone_number_mask` (`*` = any run), paged. Errors 239, 240, 241. */
  GetNewPhoneNumbers: {
    handle: (ctx) => {
      const region = stockRegion(ctx);
      const mask = ctx.params.string('phone_number_mask');
      const pattern = mask === undefined ? undefined : new RegExp(`^${phoneDigits(mask).split('*').map(escapeRegExp).join('.*')}$`);
      const available = availableNumbers(ctx, region).filter((n) => !pattern || pattern.test(n.number));
      const page = pageOf(ctx.params, available, LIST_LIMITS);
      return {
        ...page,
        result: page.result.map((n) => ({
          phone_id: n.stockId,
          phone_number: n.number,
          phone_price: region.price,
          phone_installation_price: region.installationPrice,
          phone_country_code: region.countryCode,
          phone_period: PHONE_PERIOD,
          phone_category_name: region.categoryName,
          phone_region_name: region.regionName,
          phone_installation_tax_reserve: 0,
          phone_tax_reserve: 0,
        })),
      };
    },
  },

  /**
   * Rents numbers of a region: `country_code`, `phone_category_name`, `phone_region_id`, and
   * `phone_count` (the first free ones) | `phone_number` (list) → `{result: 1, phone_numbers: [{phone_id,
   * phone_number, required_verification, verification_status}]}`. Errors 243, 331, 332, 121, 458.
   * Free: the sandbox has no billing.
   */
  AttachPhoneNumber: {
    handle: (ctx) => {
      const region = stockRegion(ctx);
      const count = ctx.params.int('phone_count');
      const wanted = ctx.params.stringList('phone_number')?.map(phoneDigits);
      if (count !== undefined && wanted !== undefined)
        throw new ApiError(ApiCode.ONLY_ONE_OF_PARAMETERS, "Specify only one of the parameters 'phone_count' and 'phone_number'");
      const available = availableNumbers(ctx, region);
      let chosen: StockNumber[];
      if (wanted) {
        chosen = wanted.map(
          (number) =>
            available.find((n) => n.number === number) ??
            throwError(
              new ApiError(
                ApiCode.INVALID_PHONE_NUMBER,
                `Invalid phone_number: ${number} is not a free number of region ${region.regionId} (${region.regionName})`,
              ),
            ),
        );
      } else if (count !== undefined) {
        if (count < 1) throw new ApiError(ApiCode.INVALID_PHONE_COUNT, `Invalid phone_count: ${count}; at least 1`);
        if (available.length === 0)
          throw new ApiError(ApiCode.NO_PHONES_IN_STOCK, `No phones in stock in region ${region.regionId} (${region.regionName})`);
        if (available.length < count)
          throw new ApiError(
            ApiCode.INSUFFICIENT_PHONES,
            `Insufficient phones: ${available.length} left in region ${region.regionId}, ${count} asked`,
          );
        chosen = available.slice(0, count);
      } else throw missing('phone_count or phone_number');

      const now = ctx.wallNow();
      const rented = [...new Set(chosen)].map((n) => rent(ctx, n, now));
      return {
        result: 1,
        phone_numbers: rented.map((p) => ({
          phone_id: p.id,
          phone_number: p.number,
          required_verification: 'NOT_REQUIRED',
          verification_status: 'VERIFIED',
        })),
      };
    },
  },

  /**
   * `phone_id` (list/`all`) | `phone_number` (list); application (required to bind); optional `rule_id` |
   * `rule_name` to force that rule for calls to the numbers; `bind` (default true; false unbinds from
   * application and rule) → `{result: 1}`. Errors 181, 116, 147.
   */
  BindPhoneNumberToApplication: {
    handle: (ctx) => {
      const phones = phonesOf(ctx);
      let binding: { applicationId: number | null; ruleId: number | null } = { applicationId: null, ruleId: null };
      if (ctx.params.bool('bind', true)) {
        const app = requireApplication(ctx);
        binding = { applicationId: app.id, ruleId: findRule(ctx, app, false)?.id ?? null };
      }
      for (const p of phones) Object.assign(p, binding, { modifiedMs: ctx.wallNow() });
      return { result: 1 };
    },
  },

  /** Countries and categories of the stock, optionally for one `country_code`: `{result: [{country_code, phone_prefix, can_list_phone_numbers, phone_categories: [{phone_category_name, country_has_states}]}]}`. */
  GetPhoneNumberCategories: {
    handle: (ctx) => {
      const only = ctx.params.string('country_code')?.toUpperCase();
      const countries = [...new Set(STOCK_REGIONS.map((r) => r.countryCode))].filter((c) => only === undefined || c === only);
      return {
        result: countries.map((code) => {
          const regions = STOCK_REGIONS.filter((r) => r.countryCode === code);
          return {
            country_code: code,
            phone_prefix: regions[0].countryPrefix,
            can_list_phone_numbers: true,
            phone_categories: [...new Set(regions.map((r) => r.categoryName))].map((name) => ({
              phone_category_name: name,
              country_has_states: false,
            })),
          };
        }),
      };
    },
  },

  /** Regions of a country and category (`country_code`, `phone_category_name` required): `{result: [{phone_region_id, phone_region_name, phone_region_code, phone_count, phone_price, ...}]}`. */
  GetPhoneNumberRegions: {
    handle: (ctx) => {
      const regions = regionsOf(ctx);
      return {
        result: regions.map((r) => ({
          phone_region_id: r.regionId,
          phone_region_name: r.regionName,
          phone_region_code: r.regionCode,
          phone_count: availableNumbers(ctx, r).length,
          phone_price: r.price,
          phone_installation_price: r.installationPrice,
          phone_period: PHONE_PERIOD,
          is_need_regulation_address: false,
          is_sms_supported: false,
          verification_status: 'VERIFIED',
          required_verification: 'NOT_REQUIRED',
        })),
      };
    },
  },
};

/** The stock regions of `country_code` and `phone_category_name`; ApiError 239/240. */
function regionsOf(ctx: MethodContext): StockRegion[] {
  const country = ctx.params.requireString('country_code').toUpperCase();
  const category = ctx.params.requireString('phone_category_name').toUpperCase();
  const ofCountry = STOCK_REGIONS.filter((r) => r.countryCode === country);
  if (ofCountry.length === 0) {
    throw new ApiError(
      ApiCode.INVALID_COUNTRY_CODE,
      `Invalid country_code: "${country}"; the sandbox sells numbers in ${[...new Set(STOCK_REGIONS.map((r) => r.countryCode))].join(', ')}`,
    );
  }
  const regions = ofCountry.filter((r) => r.categoryName === category);
  if (regions.length === 0) {
    throw new ApiError(
      ApiCode.INVALID_PHONE_CATEGORY_NAME,
      `Invalid phone_category_name: "${category}"; ${country} has ${[...new Set(ofCountry.map((r) => r.categoryName))].join(', ')}`,
    );
  }
  return regions;
}

/** The region named by `country_code`, `phone_category_name`, `phone_region_id`; ApiError 239/240/241. */
function stockRegion(ctx: MethodContext): StockRegion {
  const regions = regionsOf(ctx);
  const regionId = ctx.params.requireInt('phone_region_id');
  const region = regions.find((r) => r.regionId === regionId);
  if (!region)
    throw new ApiError(
      ApiCode.INVALID_PHONE_REGION_ID,
      `Invalid phone_region_id: ${regionId}; this country and category have ${regions.map((r) => `${r.regionId} (${r.regionName})`).join(', ')}`,
    );
  return region;
}

/** The region's numbers nobody rents yet. */
function availableNumbers(ctx: MethodContext, region: StockRegion): StockNumber[] {
  const rented = new Set(ctx.state.phoneNumbers.map((p) => p.number));
  return regionNumbers(region).filter((n) => !rented.has(n.number));
}

function rent(ctx: MethodContext, n: StockNumber, nowMs: number): PhoneNumberRecord {
  const renewal = new Date(nowMs);
  renewal.setUTCMonth(renewal.getUTCMonth() + 1);
  const phone: PhoneNumberRecord = {
    id: ctx.state.nextId('phone'),
    number: n.number,
    countryCode: n.region.countryCode,
    categoryName: n.region.categoryName,
    regionId: n.region.regionId,
    regionName: n.region.regionName,
    price: n.region.price,
    purchasedMs: nowMs,
    nextRenewalMs: renewal.getTime(),
    applicationId: null,
    ruleId: null,
    modifiedMs: nowMs,
  };
  ctx.state.phoneNumbers.push(phone);
  return phone;
}

/** The rented numbers named by `phone_id` (list/`all`) and/or `phone_number` (list); ApiError 181 for an unknown one. */
function phonesOf(ctx: MethodContext): PhoneNumberRecord[] {
  const ids = ctx.params.intList('phone_id', true);
  const numbers = ctx.params.stringList('phone_number');
  const unknown = (param: string, value: string | number): ApiError =>
    new ApiError(ApiCode.INVALID_PHONE_ID, `Invalid ${param}: ${value} is not a number of this account`);
  const byId =
    ids === 'all' ? [...ctx.state.phoneNumbers] : ids?.map((id) => ctx.state.phoneById(id) ?? throwError(unknown('phone_id', id)));
  const byNumber = numbers?.map(
    (n) => ctx.state.phoneNumbers.find((p) => p.number === phoneDigits(n)) ?? throwError(unknown('phone_number', n)),
  );
  if (byId && byNumber && ids !== 'all' && !sameRecords(byId, byNumber)) {
    throw invalid('phone_number', "names other numbers than 'phone_id'");
  }
  const phones = byId ?? byNumber;
  if (!phones) throw missing('phone_id or phone_number');
  return phones;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
