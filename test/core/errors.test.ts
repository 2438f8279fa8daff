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
