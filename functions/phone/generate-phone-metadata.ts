import { execFileSync } from 'node:child_process';
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
writeFileSync(file, `${JSON.stringify(metadata)}\n`);
// Formatted as Biome would, so the committed file passes `biome check` as generated.
execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
console.log(
  `${relative(root, file)}: metadata version ${metadata.version}, ` +
    `${Object.keys(metadata.countries).length} countries, ${bytes.max} -> ${bytes.compact} bytes`,
);
