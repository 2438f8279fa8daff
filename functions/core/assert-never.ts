/**
 * The default branch of a switch over a closed set of kinds: it does not compile
 * while a kind is left unhandled, and throws if a value outside the type slips in.
 * @example switch (kind) { case 'a': return 1; default: return assertNever(kind); }
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected kind: ${JSON.stringify(value)}`);
}
