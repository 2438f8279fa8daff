import { describe, expect, it } from 'vitest';
import { excerpt } from '../../../functions/core/replies/excerpt';

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('excerpt', () => {
  it('keeps a text that fits as it is', () => {
    expect(excerpt('Hello Wang', 10)).toBe('Hello Wang');
    expect(excerpt('', 5)).toBe('');
  });

  it('cuts by bytes, between characters, and says so', () => {
    expect(excerpt('您好,王芳', 9)).toBe('您好…');
    expect(excerpt('Dear Oliver, the oak desk is ready', 16)).toBe('Dear Oliver,…');
    // An emoji is two UTF-16 units and four bytes: never split.
    expect(excerpt('🎉🎉🎉', 10)).toBe('🎉…');
  });

  it('never goes over the limit', () => {
    const text = '王芳您好!新到的胡桃木衣柜已经上架,欢迎来店里看看。Walnut wardrobes are in. '.repeat(20);
    for (const limit of [3, 4, 50, 200, 333]) expect(bytes(excerpt(text, limit))).toBeLessThanOrEqual(limit);
  });
});
