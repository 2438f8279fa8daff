import { deltat, elp, globe, moonposition, nutation, planetposition, sidereal, solar } from 'astronomia';
import elpMppDe from 'astronomia/data/elpMppDe';
import vsop87Bearth from 'astronomia/data/vsop87Bearth';
import type { Ephemeris, Place } from '../../functions/calendars/ephemeris';
import { installedVersion } from '../../functions/calendars/installed-version';

/**
 * An ephemeris independent of the generator's: `astronomia` (Meeus's
 * "Astronomical Algorithms": the Sun by VSOP87, the Moon by ELP/MPP02 for new moons
 * and tithis, by Meeus's chapter 47 for altitudes and elongations at sunset, ΔT from
 * its own table and polynomial), with the searches and the topocentric reduction
 * written here from Meeus's formulas rather than taken from `astronomy-engine`.
 */

const DAY_MS = 86_400_000;
const RAD = Math.PI / 180;
const earth = new planetposition.Planet(vsop87Bearth);
const moon = new elp.Moon(elpMppDe);

const julianDay = (ms: number) => ms / DAY_MS + 2440587.5;
function ephemerisDay(ms: number): number {
  const year = 1970 + ms / (365.2425 * DAY_MS);
  return julianDay(ms) + deltat.deltaT(year) / 86400;
}
const norm = (degrees: number) => ((degrees % 360) + 360) % 360;

function sunLongitude(ms: number): number {
  return norm(solar.apparentVSOP87(earth, ephemerisDay(ms)).lon / RAD);
}

/** The Moon by ELP/MPP02 for the phases; `brief`: Meeus's chapter 47 series (10″), ample for altitudes. */
function moonEcliptic(ms: number, brief = false) {
  const jde = ephemerisDay(ms);
  const position = brief ? moonposition.position(jde) : moon.position(jde);
  return { lon: position.lon + nutation.nutation(jde)[0], lat: position.lat, range: position.range, jde };
}

function elongationLongitude(ms: number): number {
  return norm(moonEcliptic(ms).lon / RAD - sunLongitude(ms));
}

/** The secant method on a longitude that grows about `rate` degrees a day, from the first guess that rate gives. */
function solve(longitude: (ms: number) => number, target: number, afterMs: number, rate: number): number {
  const error = (t: number) => ((target - longitude(t) + 540) % 360) - 180;
  let t0 = afterMs + (norm(target - longitude(afterMs)) / rate) * DAY_MS;
  let e0 = error(t0);
  let t1 = t0 + (e0 / rate) * DAY_MS;
  for (let i = 0; i < 20; i++) {
    const e1 = error(t1);
    if (Math.abs(e1) < 1e-6 || e1 === e0) return t1;
    const t2 = t1 - (e1 * (t1 - t0)) / (e1 - e0);
    [t0, e0, t1] = [t1, e1, t2];
  }
  return t1;
}

function equatorialOfMoon(ms: number) {
  const { lon, lat, range, jde } = moonEcliptic(ms, true);
  const [, deps] = nutation.nutation(jde);
  const e = nutation.meanObliquity(jde) + deps;
  const ra = Math.atan2(Math.sin(lon) * Math.cos(e) - Math.tan(lat) * Math.sin(e), Math.cos(lon));
  const dec = Math.asin(Math.sin(lat) * Math.cos(e) + Math.cos(lat) * Math.sin(e) * Math.sin(lon));
  return { ra, dec, range };
}

/** Hour angle at the place (east longitudes positive), from Greenwich apparent sidereal time at universal time. */
const hourAngle = (ms: number, place: Place, ra: number) =>
  (sidereal.apparent(julianDay(ms)) / 86400) * 2 * Math.PI + place.longitude * RAD - ra;

function altitude(place: Place, ha: number, dec: number): number {
  const phi = place.latitude * RAD;
  return Math.asin(Math.sin(phi) * Math.sin(dec) + Math.cos(phi) * Math.cos(dec) * Math.cos(ha)) / RAD;
}

/** The Moon's topocentric altitude of its centre, without refraction (Meeus 40.2, 40.3). */
function moonAltitude(ms: number, place: Place): number {
  const { ra, dec, range } = equatorialOfMoon(ms);
  const [rhoSin, rhoCos] = globe.Earth76.parallaxConstants(place.latitude * RAD, 0);
  const sinPi = 6378.14 / range;
  const h = hourAngle(ms, place, ra);
  const dra = Math.atan2(-rhoCos * sinPi * Math.sin(h), Math.cos(dec) - rhoCos * sinPi * Math.cos(h));
  const topoDec = Math.atan2(
    (Math.sin(dec) - rhoSin * sinPi) * Math.cos(dra),
    Math.cos(dec) - rhoCos * sinPi * Math.cos(h),
  );
  return altitude(place, h - dra, topoDec);
}

/** The Sun's altitude by Meeus's low-precision Sun (0.01°: under 3 s of a sunset), for speed. */
function sunAltitude(ms: number, place: Place): number {
  const { ra, dec } = solar.apparentEquatorial(ephemerisDay(ms));
  return altitude(place, hourAngle(ms, place, ra), dec);
}

/** The instant in [from, to] where `f` crosses `level` in the given direction, by scanning then bisection. */
function crossing(
  f: (ms: number) => number,
  level: number,
  from: number,
  to: number,
  rising: boolean,
): number {
  const step = 10 * 60_000;
  for (let a = from; a < to; a += step) {
    const b = a + step;
    const fa = f(a) - level;
    const fb = f(b) - level;
    if (rising ? fa < 0 && fb >= 0 : fa > 0 && fb <= 0) {
      let lo = a;
      let hi = b;
      while (hi - lo > 500) {
        const mid = (lo + hi) / 2;
        const fm = f(mid) - level;
        if (rising ? fm < 0 : fm > 0) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    }
  }
  throw new Error('no crossing found');
}

/** Newton's method on `f` = `level` from a guess within a few hours of the answer (sunrise, sunset). */
function newton(f: (ms: number) => number, level: number, guess: number): number {
  let t = guess;
  for (let i = 0; i < 12; i++) {
    const value = f(t) - level;
    const slope = (f(t + 60_000) - f(t)) / 60_000;
    const next = t - Math.max(-3 * 3_600_000, Math.min(3 * 3_600_000, value / slope));
    if (Math.abs(next - t) < 200) return next;
    t = next;
  }
  throw new Error('no convergence');
}

/** Sunrise and sunset: the upper limb on the horizon under 34′ of refraction, the centre at -0°50′. */
const SUN_HORIZON = -50 / 60;

export const astronomiaEphemeris: Ephemeris = {
  name: `astronomia@${installedVersion('astronomia')}`,
  moonPhaseAfter: (degrees, afterMs) => solve(elongationLongitude, degrees, afterMs, 12.19),
  sunLongitudeAfter: (degrees, afterMs) => solve(sunLongitude, degrees, afterMs, 0.9856),
  sunEvent: (kind, date, place) => {
    const midnight = Date.parse(`${date}T00:00:00Z`) - place.utcOffsetHours * 3_600_000;
    const noon = midnight + DAY_MS / 2 - (place.longitude / 15 - place.utcOffsetHours) * 3_600_000;
    return newton(
      (t) => sunAltitude(t, place),
      SUN_HORIZON,
      noon + (kind === 'rise' ? -1 : 1) * 6 * 3_600_000,
    );
  },
  moonAt: (ms, place) => {
    const m = moonEcliptic(ms, true);
    const sunLon = sunLongitude(ms) * RAD;
    const elongation = Math.acos(Math.cos(m.lat) * Math.cos(m.lon - sunLon)) / RAD;
    return { altitude: moonAltitude(ms, place), elongation };
  },
  // The upper limb on the horizon under standard refraction: the centre 34′ + 15.5′ below it.
  moonsetAfter: (afterMs, place) =>
    crossing((t) => moonAltitude(t, place), -(34 + 15.5) / 60, afterMs, afterMs + 2 * DAY_MS, false),
};
