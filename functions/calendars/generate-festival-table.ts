import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { encodeFestivalTable, parseFestivalCatalog } from '../core/calendars/festivals';
import { buildFestivalTable } from './festival-source';

/**
 * `npm run festivals`: regenerates functions/calendars/festival-dates.json from
 * templates/festivals.json and date-holidays. Run it after editing the catalog
 * or upgrading the library; the festivals test fails until you do.
 */

const root = join(import.meta.dirname, '..', '..');
const catalogFile = join(root, 'templates', 'festivals.json');
const tableFile = join(import.meta.dirname, 'festival-dates.json');

const catalog = parseFestivalCatalog(
  JSON.parse(readFileSync(catalogFile, 'utf8')),
  relative(root, catalogFile),
);
const { table, problems, notes } = buildFestivalTable(catalog);
for (const note of notes) console.warn(`note: ${note}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(`error: ${problem}`);
  console.error(`${problems.length} problem(s); ${relative(root, tableFile)} not written`);
  process.exit(1);
}

const compact = encodeFestivalTable(table);
writeFileSync(tableFile, `${JSON.stringify(compact)}\n`);
// Formatted as Biome would, so the committed file passes `biome check` as generated.
execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', tableFile], {
  stdio: 'ignore',
});

const pairs = Object.values(table.dates).flatMap((byFestival) => Object.values(byFestival));
const dates = pairs.flat(2).filter((entry) => entry !== null).length;
console.log(
  `${relative(root, tableFile)}: ${table.source}, ${table.years.join('..')}, ` +
    `${Object.keys(table.dates).length} countries, ${pairs.length} festivals, ${dates} dates, ` +
    `${statSync(tableFile).size} bytes (${JSON.stringify(compact).length} minified)`,
);
