import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js/core';

// The position of the number formats in a country's entry of libphonenumber-js's compressed metadata.
const FORMATS = 4;

/**
 * libphonenumber-js's `max` metadata without the national number formats.
 * Validation needs every type pattern (`isValid()` on `max` metadata checks the
 * digits against them, which the smaller `min` set cannot), but turning a
 * number into E.164 never formats it, and the formats are a third of the data.
 */
export function compactPhoneMetadata(): { metadata: MetadataJson; bytes: { max: number; compact: number } } {
  const max = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as MetadataJson;
  const metadata = structuredClone(max) as MetadataJson & {
    countries: Record<string, unknown[]>;
    nonGeographic?: Record<string, unknown[]>;
  };
  for (const entry of [
    ...Object.values(metadata.countries),
    ...Object.values(metadata.nonGeographic ?? {}),
  ]) {
    entry[FORMATS] = 0;
  }
  return {
    metadata,
    bytes: { max: JSON.stringify(max).length, compact: JSON.stringify(metadata).length },
  };
}
