import * as Astronomy from 'astronomy-engine';
import { installedVersion } from './installed-version';

/**
 * Build-time only: the few astronomical facts the calendars are made of. The
 * generator computes them with `astronomy-engine`; the calendar test computes
 * them again with an independent ephemeris (`astronomia`, Meeus and VSOP87) and
 * runs the same calendar rules on both, so a wrong ephemeris shows as a mismatch.
 * Instants are UTC milliseconds, angles degrees.
 */
export interface Ephemeris {
  name: string;
  /** The first instant after `afterMs` at which the Moon's apparent geocentric longitude leads the Sun's by `degrees` (0: new moon). */
  moonPhaseAfter(degrees: number, afterMs: number): number;
  /** The first instant after `afterMs`, within 45 days, at which the Sun's apparent geocentric longitude is `degrees` (a solar term). */
  sunLongitudeAfter(degrees: number, afterMs: number): number;
  /** Sunrise or sunset (the upper limb on the horizon, standard refraction) on a local date at a place. */
  sunEvent(kind: 'rise' | 'set', date: string, place: Place): number;
  /** At `ms`: the Moon's topocentric altitude (centre, no refraction) and its geocentric elongation from the Sun. */
  moonAt(ms: number, place: Place): { altitude: number; elongation: number };
  /** The first moonset (upper limb, standard refraction) after `afterMs`. */
  moonsetAfter(afterMs: number, place: Place): number;
}

/** A place a rule is reckoned at: degrees north and east, and its civil UTC offset in hours. */
export interface Place {
  name: string;
  latitude: number;
  longitude: number;
  utcOffsetHours: number;
}

const DAY_MS = 86_400_000;

function found(time: Astronomy.AstroTime | null, what: string): number {
  if (!time) throw new Error(`astronomy-engine found no ${what}`);
  return time.date.getTime();
}

const observer = (place: Place) => new Astronomy.Observer(place.latitude, place.longitude, 0);

/** `astronomy-engine` (VSOP87 and a truncated ELP for the Moon, ΔT by Espenak and Meeus). */
export const astronomyEngine: Ephemeris = {
  name: `astronomy-engine@${installedVersion('astronomy-engine')}`,
  moonPhaseAfter: (degrees, afterMs) =>
    found(Astronomy.SearchMoonPhase(degrees, new Date(afterMs), 40), `moon phase ${degrees}`),
  sunLongitudeAfter: (degrees, afterMs) =>
    found(Astronomy.SearchSunLongitude(degrees, new Date(afterMs), 45), `solar longitude ${degrees}`),
  sunEvent: (kind, date, place) => {
    const localMidnight = Date.parse(`${date}T00:00:00Z`) - place.utcOffsetHours * 3_600_000;
    return found(
      Astronomy.SearchRiseSet(
        Astronomy.Body.Sun,
        observer(place),
        kind === 'rise' ? 1 : -1,
        new Date(localMidnight),
        1,
      ),
      `sun${kind} on ${date} at ${place.name}`,
    );
  },
  moonAt: (ms, place) => {
    const at = new Date(ms);
    const equator = Astronomy.Equator(Astronomy.Body.Moon, at, observer(place), true, true);
    const horizon = Astronomy.Horizon(at, observer(place), equator.ra, equator.dec);
    return { altitude: horizon.altitude, elongation: Astronomy.AngleFromSun(Astronomy.Body.Moon, at) };
  },
  moonsetAfter: (afterMs, place) =>
    found(
      Astronomy.SearchRiseSet(Astronomy.Body.Moon, observer(place), -1, new Date(afterMs), 2),
      `moonset at ${place.name}`,
    ),
};

/** The local civil date (YYYY-MM-DD) of an instant at a UTC offset. */
export function localDate(ms: number, utcOffsetHours: number): string {
  return new Date(ms + utcOffsetHours * 3_600_000).toISOString().slice(0, 10);
}

/** @example shiftDate('2028-02-28', 2) // '2028-03-01' */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const newMoons = new Map<string, number[]>();

/** Every new moon (UTC ms) from `fromMs` to `toMs`, computed once per ephemeris and span. */
export function newMoonsBetween(ephemeris: Ephemeris, fromMs: number, toMs: number): number[] {
  const key = `${ephemeris.name}|${fromMs}|${toMs}`;
  const known = newMoons.get(key);
  if (known) return known;
  const out: number[] = [];
  for (
    let t = ephemeris.moonPhaseAfter(0, fromMs);
    t <= toMs;
    t = ephemeris.moonPhaseAfter(0, t + 20 * DAY_MS)
  ) {
    out.push(t);
  }
  newMoons.set(key, out);
  return out;
}
