import { describe, expect, it } from 'vitest';
import { announcedDates } from '../../../functions/calendars/announced-dates';
import committedJson from '../../../functions/calendars/calendar-data.json' with { type: 'json' };
import { buildCalendarData } from '../../../functions/calendars/calendar-source';
import { astronomyEngine } from '../../../functions/calendars/ephemeris';
import { committedCalendars } from '../../../functions/core/calendars/calendar-data';
import { conventionsOf } from '../../../functions/core/calendars/date-rules';
import { festivalDates, keptFestivals } from '../../../functions/core/calendars/festivals';
import { independentDates, LAST_COMPARED } from '../../support/independent-calendars';
import { loadShippedRules } from '../../support/rules';

const data = committedCalendars();

describe('the committed calendars (npm run festivals regenerates them)', () => {
  it('are what the generator computes from the installed ephemeris', () => {
    expect(buildCalendarData(astronomyEngine).data).toEqual(committedJson);
  });

  it('reach at least 10 years past today, so a build never runs out of dates silently', () => {
    // Today from the real clock, on purpose: this test starts failing a decade before the table ends.
    const thisYear = new Date().getUTCFullYear();
    expect(data.years.last - thisYear, `the table ends in ${data.years.last}`).toBeGreaterThanOrEqual(10);
  });

  it('hold every announced date', () => {
    for (const a of announcedDates) {
      const [month, day] = a.day === 'diwali' ? [0, 0] : a.day.split('-').map(Number);
      const series =
        a.day === 'diwali'
          ? data.hindu[a.convention as 'deepavali-tamil']
          : data.islamic[a.convention as 'umm-al-qura']?.[
              `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
            ];
      expect(series?.[Number(a.date.slice(0, 4)) - data.years.first], `${a.convention} ${a.day}`).toContain(
        a.date,
      );
    }
  });
});

describe('every festival of every calendar, 2024-2055, against an independent source', () => {
  const catalog = loadShippedRules().festivals;
  const kept = [...Object.keys(catalog.countries), ...Object.keys(catalog.calendars)];

  it('agrees on every date', { timeout: 120_000 }, () => {
    const mismatches: string[] = [];
    let compared = 0;
    const announced = new Set(announcedDates.map((a) => `${a.convention}|${a.date.slice(0, 4)}|${a.day}`));
    for (const calendar of kept) {
      const conventions = conventionsOf(calendar);
      for (const festival of keptFestivals(calendar, catalog)) {
        for (let year = 2024; year <= LAST_COMPARED; year++) {
          const ours = festivalDates(calendar, festival.id, year, catalog);
          const rule = festival.date;
          const key =
            rule.kind === 'islamic'
              ? `${conventions.islamic}|${year}|${String(rule.month).padStart(2, '0')}-${String(rule.day).padStart(2, '0')}`
              : rule.kind === 'diwali'
                ? `${conventions.hindu}|${year}|diwali`
                : '';
          // An announced year is held to the announcement (above); the computation is compared elsewhere.
          if (announced.has(key)) continue;
          const theirs = independentDates(rule, year, conventions);
          compared++;
          if (ours.join() !== theirs.join()) {
            mismatches.push(`${calendar} ${festival.id} ${year}: ${ours.join('+')} vs ${theirs.join('+')}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(4500);
  });
});

describe('published dates', () => {
  const catalog = loadShippedRules().festivals;
  it.each([
    // The leap month of 2033 follows the 11th month (GB/T 33661-2017; Hong Kong Observatory).
    ['CN', 'mid-autumn', 2033, '2033-09-08'],
    ['HK', 'mid-autumn', 2033, '2033-09-08'],
    ['TW', 'mid-autumn', 2033, '2033-09-08'],
    ['KR', 'chuseok', 2033, '2033-09-08'],
    ['CN', 'mid-autumn', 2039, '2039-10-02'],
    ['CN', 'lantern-festival', 2044, '2044-02-13'],
    ['CN', 'lantern-festival', 2045, '2045-03-03'],
    // Vietnam counts on UTC+7: Tết 2030 falls a day before the Chinese new year.
    ['VN', 'tet', 2030, '2030-02-02'],
    ['CN', 'spring-festival', 2030, '2030-02-03'],
    // The new moon falls at 23:56 (2027) and 23:13 (2028) Beijing time, after midnight in Seoul.
    ['KR', 'seollal', 2027, '2027-02-07'],
    ['KR', 'seollal', 2028, '2028-01-27'],
    ['CN', 'spring-festival', 2027, '2027-02-06'],
    ['CN', 'qingming', 2027, '2027-04-05'],
    ['CN', 'dongzhi', 2027, '2027-12-22'],
    ['SG', 'hari-raya', 2027, '2027-03-10'],
    ['SG', 'hari-raya', 2025, '2025-03-31'],
    ['SA', 'eid-al-fitr', 2025, '2025-03-30'],
    ['ID', 'eid-al-adha', 2025, '2025-06-06'],
    ['MY', 'hari-raya-haji', 2025, '2025-06-07'],
    ['IN', 'diwali', 2024, '2024-11-01'],
    ['IN', 'diwali', 2027, '2027-10-29'],
    ['IN', 'diwali', 2028, '2028-10-17'],
    ['IN', 'diwali', 2030, '2030-10-26'],
    ['SG', 'diwali', 2024, '2024-10-31'],
    ['SG', 'diwali', 2028, '2028-11-15'],
    ['MY', 'diwali', 2030, '2030-10-25'],
    ['IL', 'rosh-hashanah', 2025, '2025-09-23'],
    ['IL', 'passover', 2026, '2026-04-02'],
    ['IL', 'hanukkah', 2025, '2025-12-15'],
    ['GB', 'mothers-day', 2027, '2027-03-07'],
    ['US', 'mothers-day', 2027, '2027-05-09'],
    ['AU', 'fathers-day', 2027, '2027-09-05'],
    ['FR', 'mothers-day', 2027, '2027-05-30'],
    // Pentecost falls on the last Sunday of May 2039 (Easter 10 April): Fête des mères moves to 5 June.
    ['FR', 'mothers-day', 2039, '2039-06-05'],
    ['US', 'thanksgiving-us', 2027, '2027-11-25'],
  ])('%s %s %i is %s', (country, festivalId, year, date) => {
    expect(festivalDates(country, festivalId, year, catalog)).toEqual([date]);
  });

  it('greets both Islamic festivals that fall twice in 2033', () => {
    expect(festivalDates('SA', 'eid-al-fitr', 2033, catalog)).toEqual(['2033-01-02', '2033-12-23']);
  });
});
