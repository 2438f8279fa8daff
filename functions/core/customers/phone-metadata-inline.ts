import type { MetadataJson } from 'libphonenumber-js/core';
import metadata from './phone-metadata.json' with { type: 'json' };

/** The browser's phone-metadata-file.ts: a browser has no file beside the code, so the data is in the bundle. */
export const loadPhoneMetadata = (): MetadataJson => metadata as unknown as MetadataJson;
