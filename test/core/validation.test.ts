import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../functions/core/errors';
import { describeIssues, parseOrThrow } from '../../functions/core/validation';

const schema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  address: z.strictObject({ city: z.string() }).optional(),
  count: z.number().default(1),
});

describe('parseOrThrow', () => {
  it('returns the parsed output, defaults applied', () => {
    expect(parseOrThrow(schema, { name: 'a' }, 'thing')).toEqual({ name: 'a', count: 1 });
  });

  it('throws a ValidationError naming every bad field', () => {
    let caught: unknown;
    try {
      parseOrThrow(schema, { name: '', count: 'x', colour: 'red', address: { town: 'b' } }, 'thing');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.name).toBe('ValidationError');
    expect(error.issues).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'address.city', message: expect.any(String) },
      { path: 'address.town', message: 'unknown field address.town' },
      { path: 'count', message: expect.any(String) },
      { path: 'colour', message: 'unknown field colour' },
    ]);
    expect(error.message).toMatch(
      /^invalid thing: name: must not be empty; address\.city: .+; unknown field address\.town; count: .+; unknown field colour$/,
    );
  });

  it('names the root when the input is not an object', () => {
    expect(() => parseOrThrow(schema, 'nope', 'thing')).toThrow(/^invalid thing: \(root\): /);
  });
});

describe('describeIssues', () => {
  it('joins several unknown keys in one issue', () => {
    const result = schema.safeParse({ name: 'a', x: 1, y: 2 });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(describeIssues(result.error)).toEqual([
      { path: 'x, y', message: 'unknown fields x, y', check: { code: 'unknown-field' } },
    ]);
  });

  it('names the check each issue broke, for a console to put in its own words', () => {
    const form = z.strictObject({
      name: z.string().min(1).max(5),
      days: z.int().min(1).max(60),
      tags: z.array(z.string()).max(1),
      kind: z.enum(['a', 'b']),
      email: z.email(),
      note: z.string(),
    });
    const result = form.safeParse({ name: '', days: 90, tags: ['x', 'y'], kind: 'c', email: 'no' });
    if (result.success) throw new Error('should not parse');
    expect(describeIssues(result.error).map((i) => [i.path, i.check])).toEqual([
      ['name', { code: 'required' }],
      ['days', { code: 'too-big', of: 'number', bound: 60 }],
      ['tags', { code: 'too-big', of: 'list', bound: 1 }],
      ['kind', { code: 'not-a-choice' }],
      ['email', { code: 'format', format: 'email' }],
      ['note', { code: 'required' }],
    ]);
    const long = form.safeParse({ name: 'abcdefg', days: 0, tags: [], kind: 'a', email: 'a@b.co', note: 1 });
    if (long.success) throw new Error('should not parse');
    expect(describeIssues(long.error).map((i) => [i.path, i.check])).toEqual([
      ['name', { code: 'too-big', of: 'text', bound: 5 }],
      ['days', { code: 'too-small', of: 'number', bound: 1 }],
      ['note', { code: 'wrong-type' }],
    ]);
  });

  it('joins array paths with dots', () => {
    const list = z.object({ items: z.array(z.object({ n: z.number() })) });
    const result = list.safeParse({ items: [{ n: 1 }, { n: 'two' }] });
    if (result.success) throw new Error('expected failure');
    expect(describeIssues(result.error).map((i) => i.path)).toEqual(['items.1.n']);
  });
});
