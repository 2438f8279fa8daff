import type * as z from 'zod';
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
