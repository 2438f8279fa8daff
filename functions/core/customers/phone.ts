import {
  type CountryCode,
  isSupportedCountry,
  type MetadataJson,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import { loadPhoneMetadata } from './phone-metadata-file';

// libphonenumber-js's full validation data without the display formats (see
// functions/phone/compact-metadata.ts): same answers as `libphonenumber-js/max`, 50 KB lighter.
let metadata: MetadataJson | undefined;
const phoneMetadata = (): MetadataJson => (metadata ??= loadPhoneMetadata());

/**
 * Normalises a phone number to E.164, or returns undefined when it is not a
 * valid number. A national number needs the customer's country to be read.
 * @example toE164('138 0013 8000', 'CN') // '+8613800138000'
 */
export function toE164(raw: string, defaultCountry?: string): string | undefined {
  const country = defaultCountry?.toUpperCase();
  const metadata = phoneMetadata();
  const known = country && isSupportedCountry(country as CountryCode, metadata);
  const parsed = parsePhoneNumberFromString(
    raw,
    known ? { defaultCountry: country as CountryCode } : {},
    metadata,
  );
  if (!parsed?.isValid()) return undefined;
  return parsed.number;
}
