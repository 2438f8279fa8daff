import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises a phone number to E.164, or returns undefined when it is not a
 * valid number. A national number needs the customer's country to be read.
 * @example toE164('138 0013 8000', 'CN') // '+8613800138000'
 */
export function toE164(raw: string, defaultCountry?: string): string | undefined {
  const country = defaultCountry?.toUpperCase();
  const parsed = parsePhoneNumberFromString(
    raw,
    country && isSupportedCountry(country) ? (country as CountryCode) : undefined,
  );
  if (!parsed?.isValid()) return undefined;
  return parsed.number;
}
