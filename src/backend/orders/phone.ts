import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { OrderInputError } from './errors';

/**
 * Normalises a phone number as a backend may hold it (`+49 30 1234567`, `030 1234567` with region
 * `DE`, `(202) 555-0143` with region `US`) to E.164 with `+`, using libphonenumber-js's full metadata
 * so a number of the wrong length for its country is refused. Error messages show the number masked
 * (OrderInputError masks its reason), never in full.
 *
 * @param raw the number as written
 * @param field the input field, for the error (e.g. `parties[0].phone`)
 * @param defaultRegion ISO 3166 alpha-2 region for numbers without a country code; undefined = E.164 only
 * @throws OrderInputError naming `field`
 */
export function normalizePhone(raw: unknown, field: string, defaultRegion?: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new OrderInputError(field, 'is missing');
  const text = raw.trim();
  const parsed = parsePhoneNumberFromString(text, defaultRegion ? { defaultCountry: defaultRegion as CountryCode } : undefined);
  if (!parsed) {
    throw new OrderInputError(
      field,
      defaultRegion || text.startsWith('+')
        ? `${text} is not a phone number`
        : `${text} has no country code; write it in E.164 (+…) or pass --default-region`,
    );
  }
  if (!parsed.isValid())
    throw new OrderInputError(
      field,
      `${parsed.number} is not a valid number for country ${parsed.country ?? `+${parsed.countryCallingCode}`}`,
    );
  return parsed.number;
}
