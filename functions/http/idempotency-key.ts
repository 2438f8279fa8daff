import * as z from 'zod';
import { ValidationError } from '../core/errors';

const RULE = 'use 1-128 letters, digits, . _ : -';

/** The `Idempotency-Key` header: a repeat of a request with the same key has one effect. */
export const idempotencyKeySchema = z.lazy(() => z.string().regex(/^[\w.:-]{1,128}$/, RULE));

/** The header's value when valid, undefined when absent, else a 400 naming the header. */
export function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined || idempotencyKeySchema.safeParse(raw).success) return raw;
  throw new ValidationError(`invalid Idempotency-Key header: ${RULE}`, [
    { path: 'Idempotency-Key', message: RULE },
  ]);
}
