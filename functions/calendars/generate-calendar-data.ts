import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildCalendarData } from './calendar-source';
import { astronomyEngine } from './ephemeris';

/**
 * `npm run festivals`: regenerates functions/calendars/calendar-data.json, the
 * calendars every festival and occasion is dated by. The same inputs give the
 * same file; run it after adding an announced date or moving `calendarYears`.
 */

const root = join(import.meta.dirname, '..', '..');
const file = join(import.meta.dirname, 'calendar-data.json');
const started = Date.now();
const { data, announcements } = buildCalendarData(astronomyEngine);
for (const { announcement, computed } of announcements) {
  if (!computed.includes(announcement.date)) {
    console.warn(
      `announced ${announcement.convention} ${announcement.day} ${announcement.date} (${announcement.by}) ` +
        `replaces the computed ${computed.join(', ')}`,
    );
  }
}
writeFileSync(file, `${JSON.stringify(data)}\n`);
// Formatted as Biome would, so the committed file passes `biome check` as generated.
execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
const agreed = announcements.filter((a) => a.computed.includes(a.announcement.date)).length;
console.log(
  `${relative(root, file)}: ${data.source}, ${data.years.join('..')}, ${statSync(file).size} bytes ` +
    `(${JSON.stringify(data).length} minified); ${agreed} of ${announcements.length} announced dates ` +
    `as computed; ${Date.now() - started} ms`,
);
