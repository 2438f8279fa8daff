// The few parts of astronomia (untyped) the independent ephemeris uses.
declare module 'astronomia' {
  interface Coord {
    lon: number;
    lat: number;
    range: number;
  }
  export const elp: { Moon: new (data: unknown) => { position(jde: number): Coord } };
  export const moonposition: { position(jde: number): Coord };
  export const planetposition: { Planet: new (data: unknown) => unknown };
  export const solar: {
    apparentVSOP87(planet: unknown, jde: number): Coord;
    apparentEquatorial(jde: number): { ra: number; dec: number };
  };
  export const nutation: { nutation(jde: number): [number, number]; meanObliquity(jde: number): number };
  export const sidereal: { apparent(jd: number): number };
  export const deltat: { deltaT(decimalYear: number): number };
  export const globe: { Earth76: { parallaxConstants(latitude: number, height: number): [number, number] } };
}
declare module 'astronomia/data/elpMppDe' {
  const data: unknown;
  export default data;
}
declare module 'astronomia/data/vsop87Bearth' {
  const data: unknown;
  export default data;
}
