import { readFileSync } from 'node:fs';
import {
  type CountryCode,
  getCountries,
  getExampleNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../../functions/core/customers/phone';
import { PHONE_METADATA_FILE } from '../../../functions/core/customers/phone-metadata-file';
import { compactPhoneMetadata } from '../../../functions/phone/compact-metadata';

function maxE164(raw: string, country?: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(raw, country ? { defaultCountry: country } : {});
  return parsed?.isValid() ? parsed.number : undefined;
}

describe('compact phone metadata', () => {
  it('is what `npm run phone-metadata` makes from the installed libphonenumber-js', () => {
    const committed = JSON.parse(readFileSync(PHONE_METADATA_FILE, 'utf8'));
    const { metadata, bytes } = compactPhoneMetadata();
    expect(committed).toEqual(metadata);
    expect(bytes.compact).toBeLessThan(bytes.max * 0.75);
  });

  it('answers as libphonenumber-js max does, in every country, nationally and internationally', () => {
    let compared = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const national = example.formatNational();
      const international = example.formatInternational();
      const variants = [
        national,
        international,
        // A digit changed, dropped or added: validation must refuse or accept exactly as max does.
        national.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 5) % 10)),
        national.replace(/\d(?=\D*$)/, ''),
        `${national}7`,
        international.replace(/^(\+\d+\s*)\d/, '$19'),
      ];
      for (const raw of variants) {
        expect(toE164(raw, country), `${raw} (${country})`).toBe(maxE164(raw, country));
        compared++;
      }
      expect(toE164(international), international).toBe(maxE164(international));
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
