import { readFileSync } from 'node:fs';
import type { MetadataJson } from 'libphonenumber-js/core';

/**
 * The phone metadata as a file beside the code, read on the first number: bundled, its
 * 100 KB would be in every function's cold start whether it reads a number or not.
 * infra/nurture-function.ts ships it beside each bundle; the console bundles
 * phone-metadata-inline.ts in this module's place (functions/console/build.ts).
 */
export const PHONE_METADATA_FILE = new URL('./phone-metadata.json', import.meta.url);

export const loadPhoneMetadata = (): MetadataJson =>
  JSON.parse(readFileSync(PHONE_METADATA_FILE, 'utf8')) as MetadataJson;
