/**
 * The SES message tags the send path sets on every email and the delivery
 * events read back: which message it is, and whose, so an event finds the
 * message with one GetItem instead of a lookup through an index.
 */

/** The tag holding the message id (20 hex characters: a valid tag value as it is). */
export const MESSAGE_TAG = 'nurture-message';
/** The tag holding the customer id, encoded by `customerTagValue`. */
export const CUSTOMER_TAG = 'nurture-customer';

// SES tag values may hold only ASCII letters, digits, `_` and `-`; customer ids may also
// hold `.`, `:` and `@`. `_` escapes them (and itself), so a readable id stays as it is.
const ESCAPES: Record<string, string> = { _: 'u', '.': 'd', ':': 'c', '@': 'a' };
const UNESCAPES: Record<string, string> = Object.fromEntries(
  Object.entries(ESCAPES).map(([char, code]) => [code, char]),
);
const CUSTOMER_ID = /^[\w.:@-]{1,128}$/;

/**
 * A customer id as an SES tag value: at most 256 characters of `[A-Za-z0-9_-]`.
 * @example customerTagValue('wang.fang@shop') // 'wang_dfang_ashop'
 */
export function customerTagValue(customerId: string): string {
  return customerId.replace(/[_.:@]/g, (char) => `_${ESCAPES[char]}`);
}

/**
 * The customer id back from its tag value; undefined for a value this engine
 * did not write.
 * @example customerIdFromTag('wang_dfang_ashop') // 'wang.fang@shop'
 */
export function customerIdFromTag(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(value)) return undefined;
  let id = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (char !== '_') {
      id += char;
      continue;
    }
    const unescaped = UNESCAPES[value[++i] ?? ''];
    if (!unescaped) return undefined;
    id += unescaped;
  }
  return CUSTOMER_ID.test(id) ? id : undefined;
}

/** The header every email carries with the same id as its message tag (see ports/mailer/mime.ts). */
export const MESSAGE_HEADER = 'X-Nurture-Message-Id';
