import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compactPhoneMetadata } from './compact-metadata';

/**
 * `npm run phone-metadata`: regenerates functions/core/customers/phone-metadata.json from
 * libphonenumber-js's `max` metadata. Run it after upgrading the library; the
 * phone metadata test fails until you do.
 */
const root = join(import.meta.dirname, '..', '..');
const file = join(root, 'functions/core/customers/phone-metadata.json');
const { metadata, bytes } = compactPhoneMetadata();
// Unformatted (biome.json leaves it out): it ships beside every function, read on the first number.
writeFileSync(file, `${JSON.stringify(metadata)}\n`);
console.log(
  `${relative(root, file)}: metadata version ${metadata.version}, ` +
    `${Object.keys(metadata.countries).length} countries, ${bytes.max} -> ${bytes.compact} bytes`,
);
