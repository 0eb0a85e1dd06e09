/**
 * The sandbox's stock of purchasable phone numbers (GetNewPhoneNumbers / AttachPhoneNumber,
 * docs/platform.md#phone-numbers). Every number is in a range reserved for fiction or drama, so a sandbox number
 * can never ring a real person: NANP 555-0100..0199 (US), Ofcom's drama ranges 020 7946 0xxx and
 * 07700 900xxx (GB), ACMA's fictitious 02 5550 xxxx and 0491 570 xxx (AU). Each region holds 100 numbers.
 */

/** One region of one country and category, as GetPhoneNumberRegions lists it. */
export interface StockRegion {
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  countryName: string;
  /** International calling code, digits. */
  countryPrefix: string;
  /** GEOGRAPHIC, MOBILE or TOLLFREE. */
  categoryName: string;
  regionId: number;
  regionName: string;
  /** Area code shown by GetPhoneNumberRegions. */
  regionCode: string;
  /** Monthly price and one-time installation price, in the account currency (USD). */
  price: number;
  installationPrice: number;
  /** The region's numbers are `numberPrefix` + two digits 00..99 (digits only, no `+`). */
  numberPrefix: string;
}

/** Numbers per region. */
export const NUMBERS_PER_REGION = 100;

/** Rental period in the platform's `phone_period` notation (inferred): one month. */
export const PHONE_PERIOD = '0-1-0 0:0:0';

export const STOCK_REGIONS: readonly StockRegion[] = [
  {
    countryCode: 'US',
    countryName: 'United States',
    countryPrefix: '1',
    categoryName: 'GEOGRAPHIC',
    regionId: 1,
    regionName: 'New York',
    regionCode: '212',
    price: 1,
    installationPrice: 0,
    numberPrefix: '121255501',
  },
  {
    countryCode: 'US',
    countryName: 'United States',
    countryPrefix: '1',
    categoryName: 'GEOGRAPHIC',
    regionId: 2,
    regionName: 'Los Angeles',
    regionCode: '310',
    price: 1,
    installationPrice: 0,
    numberPrefix: '131055501',
  },
  {
    countryCode: 'US',
    countryName: 'United States',
    countryPrefix: '1',
    categoryName: 'TOLLFREE',
    regionId: 3,
    regionName: 'Toll free',
    regionCode: '800',
    price: 5,
    installationPrice: 0,
    numberPrefix: '180055501',
  },
  {
    countryCode: 'GB',
    countryName: 'United Kingdom',
    countryPrefix: '44',
    categoryName: 'GEOGRAPHIC',
    regionId: 11,
    regionName: 'London',
    regionCode: '20',
    price: 2,
    installationPrice: 0,
    numberPrefix: '4420794601',
  },
  {
    countryCode: 'GB',
    countryName: 'United Kingdom',
    countryPrefix: '44',
    categoryName: 'MOBILE',
    regionId: 12,
    regionName: 'Mobile',
    regionCode: '7700',
    price: 3,
    installationPrice: 1,
    numberPrefix: '4477009001',
  },
  {
    countryCode: 'DE',
    countryName: 'Germany',
    countryPrefix: '49',
    categoryName: 'GEOGRAPHIC',
    regionId: 31,
    regionName: 'Berlin',
    regionCode: '30',
    price: 1.5,
    installationPrice: 0,
    numberPrefix: '4930255501',
  },
  {
    countryCode: 'AU',
    countryName: 'Australia',
    countryPrefix: '61',
    categoryName: 'GEOGRAPHIC',
    regionId: 21,
    regionName: 'Sydney',
    regionCode: '2',
    price: 4,
    installationPrice: 0,
    numberPrefix: '61255501',
  },
  {
    countryCode: 'AU',
    countryName: 'Australia',
    countryPrefix: '61',
    categoryName: 'MOBILE',
    regionId: 22,
    regionName: 'Mobile',
    regionCode: '491',
    price: 6,
    installationPrice: 2,
    numberPrefix: '614915701',
  },
];

/** A purchasable number; `stockId` is its GetNewPhoneNumbers `phone_id` (region id × 1000 + index). */
export interface StockNumber {
  stockId: number;
  number: string;
  region: StockRegion;
}

/** Every number of a region, in ascending order. */
export function regionNumbers(region: StockRegion): StockNumber[] {
  return Array.from({ length: NUMBERS_PER_REGION }, (_, i) => ({
    stockId: region.regionId * 1000 + i,
    number: `${region.numberPrefix}${String(i).padStart(2, '0')}`,
    region,
  }));
}
