import { toE164 } from './phone';

/**
 * The one spelling of an address the suppression list is keyed by: an email
 * (bare, or out of `Name <address>`) trimmed and lower-cased, a phone number
 * in E.164 when it reads as one.
 * @example normaliseAddress('王芳 <Wang.Fang@Example.com>') // 'wang.fang@example.com'
 */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  if (trimmed.includes('@')) return (/<([^<>\s]+@[^<>\s]+)>/.exec(trimmed)?.[1] ?? trimmed).toLowerCase();
  return toE164(trimmed) ?? trimmed.replace(/[\s().-]/g, '');
}

/** The domain of an email address, as the suppression list spells the address. */
export function domainOf(address: string): string {
  const normal = normaliseAddress(address);
  return normal.slice(normal.lastIndexOf('@') + 1);
}

/**
 * The start of an address as the suppression list spells addresses, for a
 * search: an email's start lower-cased, a number's start without spaces,
 * dashes or brackets (a whole address is normalised as such).
 * @example addressPrefix('Wang.') // 'wang.'; addressPrefix('+86 138') // '+86138'
 */
export function addressPrefix(start: string): string {
  const trimmed = start.trim();
  if (/[^\d\s()+.-]/.test(trimmed)) return trimmed.toLowerCase();
  return trimmed.replace(/[\s().-]/g, '');
}
