import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  NotFoundError,
  NurtureError,
  UnauthorizedError,
  ValidationError,
} from '../../functions/core/errors';

describe('error family', () => {
  it('names each error after its class and keeps the cause', () => {
    const cause = new Error('low level');
    const error = new ConflictError('lost the race', { cause });
    expect(error).toBeInstanceOf(NurtureError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe('lost the race');
    expect(error.cause).toBe(cause);
    expect(new NotFoundError('x').name).toBe('NotFoundError');
    expect(new UnauthorizedError('x').name).toBe('UnauthorizedError');
    expect(new NurtureError('x').name).toBe('NurtureError');
  });

  it('ValidationError carries its issues', () => {
    const error = new ValidationError('invalid customer: phone: bad', [{ path: 'phone', message: 'bad' }]);
    expect(error).toBeInstanceOf(NurtureError);
    expect(error.name).toBe('ValidationError');
    expect(error.issues).toEqual([{ path: 'phone', message: 'bad' }]);
  });
});

describe('error codes', () => {
  it('each error answers with its own code, and the code alone decides the status', async () => {
    const { statusOf } = await import('../../functions/http/errors');
    const { ProviderError, RuleError, TemplateError, UnreachableError, JobTooLargeError } = await import(
      '../../functions/core/errors'
    );
    const cases: [NurtureError, string, number][] = [
      [new NurtureError('x'), 'internal', 500],
      [new ValidationError('x', []), 'invalid', 400],
      [new TemplateError('x'), 'invalid-template', 422],
      [new RuleError([{ rule: 'r', path: 'p', message: 'm' }]), 'invalid-rules', 422],
      [new UnauthorizedError('x'), 'unauthorized', 401],
      [new NotFoundError('x'), 'not-found', 404],
      [new ConflictError('x'), 'conflict', 409],
      [new UnreachableError('x'), 'unreachable', 422],
      [new ProviderError('x'), 'provider-failed', 502],
      [new JobTooLargeError('x'), 'job-too-large', 500],
    ];
    for (const [error, code, status] of cases) {
      expect(error.code, error.name).toBe(code);
      expect(statusOf(error.code), code).toBe(status);
    }
    expect(new TemplateError('x', [{ field: 'body', line: 1, column: 2, message: 'm' }]).details).toEqual({
      errors: [{ field: 'body', line: 1, column: 2, message: 'm' }],
    });
  });
});
