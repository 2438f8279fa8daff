import * as z from 'zod';
import { type FieldCheck, type FieldIssue, ValidationError } from './errors';

const sizeOf = (origin: string): 'number' | 'text' | 'list' =>
  origin === 'string' ? 'text' : origin === 'array' || origin === 'set' ? 'list' : 'number';

/** The check a zod issue broke, for a console to word; custom checks keep their own message only. */
function checkOf(issue: z.core.$ZodIssue): FieldCheck | undefined {
  switch (issue.code) {
    case 'too_big':
      return { code: 'too-big', of: sizeOf(issue.origin), bound: Number(issue.maximum) };
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? { code: 'required' }
        : { code: 'too-small', of: sizeOf(issue.origin), bound: Number(issue.minimum) };
    case 'invalid_type':
      // zod keeps no input on the issue: "received undefined" is how a missing field reads.
      return { code: issue.message.endsWith('received undefined') ? 'required' : 'wrong-type' };
    case 'invalid_value':
      return { code: 'not-a-choice' };
    case 'invalid_format':
      return { code: 'format', format: issue.format };
    case 'unrecognized_keys':
      return { code: 'unknown-field' };
    default:
      return undefined;
  }
}

/** Formats zod issues as `field.path: message` pairs so a 400 names the field, with the check each broke. */
export function describeIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return {
        path: keys.join(', '),
        message: `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`,
        check: { code: 'unknown-field' },
      };
    }
    const check = checkOf(issue);
    return { path: path || '(root)', message: issue.message, ...(check ? { check } : {}) };
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

/**
 * `build()`'s result, built on the first call and kept: for what is made of schemas
 * without being one (field names, fields several schemas share, the API's operations),
 * so that, like the schemas declared `z.lazy`, it costs a cold start nothing.
 * @example const fields = onFirstUse(() => Object.keys(schema.unwrap().shape)); fields();
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
