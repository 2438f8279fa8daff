import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cheerfulWordIn,
  type FestivalCatalog,
  festivalDate,
  keptFestivals,
  nameIn,
  parseFestivalCatalog,
  upcomingFestivals,
} from '../../../functions/core/calendars/festivals';

const templatesDir = join(import.meta.dirname, '..', '..', '..', 'templates');
const rawCatalog: unknown = JSON.parse(readFileSync(join(templatesDir, 'festivals.json'), 'utf8'));
const catalog = parseFestivalCatalog(rawCatalog, 'templates/festivals.json');

describe('festivalDate', () => {
  it('dates a festival by the country it is kept in', () => {
    expect(festivalDate('CN', 'spring-festival', 2027, catalog)).toBe('2027-02-06');
    expect(festivalDate('KR', 'seollal', 2027, catalog)).toBe('2027-02-07');
    expect(festivalDate('GB', 'mothers-day', 2027, catalog)).toBe('2027-03-07');
    expect(festivalDate('US', 'mothers-day', 2027, catalog)).toBe('2027-05-09');
    expect(festivalDate('TH', 'mothers-day', 2027, catalog)).toBe('2027-08-12');
  });

  it('has nothing for pairs the catalog lacks or years outside the table', () => {
    expect(festivalDate('US', 'spring-festival', 2027, catalog)).toBeUndefined();
    expect(festivalDate('XX', 'christmas', 2027, catalog)).toBeUndefined();
    expect(festivalDate('CN', 'spring-festival', 2061, catalog)).toBeUndefined();
    expect(festivalDate('CN', 'spring-festival', 2022, catalog)).toBeUndefined();
    // A Gregorian rule needs no table.
    expect(festivalDate('US', 'christmas', 2099, catalog)).toBe('2099-12-25');
  });
});

describe('upcomingFestivals', () => {
  it('merges the calendars a customer keeps, greeting daysBefore ahead, each festival once', () => {
    const found = upcomingFestivals(['US', 'CN'], '2027-01-01', '2027-12-31', catalog);
    expect(found.map((f) => f.festivalId)).toEqual([
      'new-year',
      'spring-festival',
      'lantern-festival',
      'qingming',
      'mothers-day',
      'dragon-boat',
      'fathers-day',
      'independence-day-us',
      'mid-autumn',
      'national-day-cn',
      'double-ninth',
      'thanksgiving-us',
      'dongzhi',
      'christmas',
    ]);
    expect(found.find((f) => f.festivalId === 'spring-festival')).toMatchObject({
      country: 'CN',
      date: '2027-02-06',
      greetOn: '2027-02-05',
    });
    expect(found.filter((f) => f.festivalId === 'new-year').map((f) => f.country)).toEqual(['US']);
  });

  it('windows on the greeting day, not the festival day, across a year end', () => {
    expect(upcomingFestivals(['CN'], '2027-02-05', '2027-02-05', catalog).map((f) => f.festivalId)).toEqual([
      'spring-festival',
    ]);
    expect(upcomingFestivals(['CN'], '2027-02-06', '2027-02-19', catalog)).toEqual([]);
    // Rosh Hashanah 5788 begins at sundown on 1 October 2027: greeted that day.
    expect(upcomingFestivals(['US', 'jewish'], '2027-10-01', '2027-10-01', catalog)).toMatchObject([
      { festivalId: 'rosh-hashanah', country: 'jewish', date: '2027-10-02', greetOn: '2027-10-01' },
    ]);
  });

  it('greets both Eids al-Fitr of 2033, and nothing for calendars the catalog lacks', () => {
    const found = upcomingFestivals(['xx', 'sa'], '2033-01-01', '2033-12-31', catalog);
    expect(found.filter((f) => f.festivalId === 'eid-al-fitr').map((f) => f.date)).toEqual([
      '2033-01-02',
      '2033-12-23',
    ]);
    expect(found.every((f) => f.country === 'SA')).toBe(true);
  });

  it('rejects dates that are not YYYY-MM-DD', () => {
    expect(() => upcomingFestivals(['CN'], '2027-02-30', '2027-03-01', catalog)).toThrow(/fromDate/);
    expect(() => upcomingFestivals(['CN'], '2027-01-01', '27-3-1', catalog)).toThrow(/toDate/);
  });
});

describe('names', () => {
  it('takes the country’s own name, in the customer’s language, falling back to English', () => {
    const sg = keptFestivals('SG', catalog).find((f) => f.id === 'diwali')!;
    expect(nameIn(sg.names, 'en-SG')).toBe('Deepavali');
    expect(nameIn(sg.names, 'zh-SG')).toBe('屠妖节');
    const tet = keptFestivals('VN', catalog).find((f) => f.id === 'tet')!;
    expect(nameIn(tet.names, 'vi')).toBe('Tết Nguyên Đán');
    expect(nameIn(tet.names, 'fr')).toBe('Tết (Lunar New Year)');
  });
});

describe('days of mourning', () => {
  const mourning = Object.entries(catalog.festivals).filter(([, f]) => f.mourning);

  it('Qingming is one', () => {
    expect(mourning.map(([id]) => id)).toContain('qingming');
  });

  it('are never greeted with a happy message, in any locale or channel', () => {
    for (const [id, festival] of mourning) {
      for (const file of ['en.email.liquid', 'en.sms.liquid', 'zh-CN.email.liquid', 'zh-CN.sms.liquid']) {
        const text = readFileSync(join(templatesDir, 'messages', festival.template, file), 'utf8');
        expect(cheerfulWordIn(text), `${id}: ${festival.template}/${file}`).toBeUndefined();
      }
    }
  });

  it('the check would catch a happy Qingming', () => {
    expect(cheerfulWordIn('清明节快乐!')).toBe('快乐');
    expect(cheerfulWordIn('Happy Qingming')).toBe('Happy');
    expect(cheerfulWordIn('清明时节,慎终追远。愿您出行平安')).toBeUndefined();
  });
});

describe('parseFestivalCatalog', () => {
  const valid = {
    festivals: {
      christmas: {
        names: { en: 'Christmas', 'zh-CN': '圣诞节' },
        template: 'festival-christmas',
        daysBefore: 0,
        date: { kind: 'yearly', date: '12-25' },
      },
    },
    countries: { US: ['christmas'] },
  };

  it('accepts the committed catalog and a minimal one', () => {
    expect(Object.keys(catalog.countries)).toContain('VN');
    expect(parseFestivalCatalog(valid, 'festivals.json')).toEqual({ ...valid, calendars: {} });
  });

  it('names the file and the field of a festival id no festival defines', () => {
    const raw = { ...valid, countries: { US: ['christmas', 'thanksgivng'] } };
    expect(() => parseFestivalCatalog(raw, 'templates/festivals.json')).toThrow(
      'templates/festivals.json: countries.US.1: unknown festival thanksgivng (not in festivals)',
    );
  });

  it('names bad date rules, template names, unknown fields and missing English names', () => {
    const raw: unknown = {
      ...valid,
      festivals: {
        christmas: {
          names: { 'zh-CN': '圣诞节' },
          template: 'Festival Christmas',
          daysBefore: 0,
          date: { kind: 'islamic', month: 3, day: 12 },
        },
      },
      extra: true,
    };
    const thrown = (() => {
      try {
        parseFestivalCatalog(raw, 'festivals.json');
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      return '';
    })();
    expect(thrown).toMatch(/^festivals\.json: /);
    expect(thrown).toContain('festivals.christmas.template:');
    expect(thrown).toContain('festivals.christmas.names.en: needs an English (en) name');
    expect(thrown).toContain('the calendar carries the Islamic days 09-01, 10-01, 12-10, 01-01');
    expect(thrown).toContain('unknown field extra');
  });

  it('lets a country keep a festival on its own date', () => {
    const own: FestivalCatalog = parseFestivalCatalog(
      { ...valid, countries: { US: [{ id: 'christmas', date: { kind: 'yearly', date: '01-07' } }] } },
      'f.json',
    );
    expect(festivalDate('US', 'christmas', 2027, own)).toBe('2027-01-07');
  });
});
