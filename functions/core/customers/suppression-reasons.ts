/**
 * Why an address may no longer be messaged: a hard bounce, the customer's
 * complaint, an unsubscribe (link or reply), STOP by SMS, repeated soft
 * bounces, or an admin. Free of dependencies: the console lists them too.
 */
export const suppressionReasons = [
  'hard-bounce',
  'complaint',
  'unsubscribe',
  'stop',
  'soft-bounce-repeated',
  'manual',
] as const;

export type SuppressionReason = (typeof suppressionReasons)[number];
