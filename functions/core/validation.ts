import * as z from 'zod';
import { ValidationError } from './errors';

/** Formats zod issues as `field.path: message` pairs so a 400 names the field. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return {
        path: keys.join(', '),
        message: `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`,
      };
    }
    return { path: path || '(root)', message: issue.message };
  });
}

/**
 * Parses `input` with `schema` or throws a ValidationError naming every bad field.
 * @example const customer = parseOrThrow(customerSchema, body, 'customer');
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = describeIssues(result.error);
  const summary = issues.map((i) =>
    i.message.startsWith('unknown field') ? i.message : `${i.path}: ${i.message}`,
  );
  throw new ValidationError(`invalid ${what}: ${summary.join('; ')}`, issues);
}

/** The largest magnitude an amount may have: beyond any real price, and stored exactly. */
export const MAX_AMOUNT = 1e15;

/**
 * A number the store keeps as given: finite, at most `MAX_AMOUNT` in magnitude,
 * and zero or at least a millionth (DynamoDB refuses numbers below 1e-130 and
 * over 38 digits; these bounds keep every value well inside).
 * @example const price = storableNumber().nonnegative();
 */
export function storableNumber() {
  return z
    .number()
    .min(-MAX_AMOUNT, 'must be at least -1,000,000,000,000,000')
    .max(MAX_AMOUNT, 'must be at most 1,000,000,000,000,000')
    .refine((n) => n === 0 || Math.abs(n) >= 1e-6, 'must be 0 or at least 0.000001 in size');
}
