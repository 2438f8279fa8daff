import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyReply, type ReplyKind } from '../../../functions/core/replies/classify';
import { refineKind } from '../../../functions/core/replies/reply-effects';

const KINDS = [
  'reply',
  'complaint',
  'referral',
  'auto-reply',
  'unsubscribe',
  'help',
] as const satisfies readonly ReplyKind[];

const CorpusEntry = z.strictObject({
  text: z.string(),
  subject: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  channel: z.enum(['email', 'sms']),
  kind: z.enum(KINDS),
  note: z.string().optional(),
});
type CorpusEntry = z.infer<typeof CorpusEntry>;

const corpus = z
  .array(CorpusEntry)
  .parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/replies/corpus.json'), 'utf8')));

/**
 * Messages `classifyReply` gets wrong today, each reported with a suggested fix.
 * They run as `it.fails`: when the classifier learns one, its test fails here
 * and the message should move out of this list.
 */
const KNOWN_MISSES = new Set<string>([]);

const passing = corpus.filter((entry) => !KNOWN_MISSES.has(entry.text));
const misses = corpus.filter((entry) => KNOWN_MISSES.has(entry.text));

function classify(entry: CorpusEntry): ReplyKind {
  return classifyReply({
    text: entry.text,
    ...(entry.subject !== undefined ? { subject: entry.subject } : {}),
    ...(entry.headers !== undefined ? { headers: entry.headers } : {}),
  });
}

describe('the reply corpus (test/fixtures/replies/corpus.json)', () => {
  it('is large, bilingual and covers every kind on both channels', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    for (const kind of KINDS) expect(corpus.filter((e) => e.kind === kind).length).toBeGreaterThanOrEqual(5);
    const han = corpus.filter((e) => /\p{Script=Han}/u.test(e.text + (e.subject ?? '')));
    expect(han.length).toBeGreaterThanOrEqual(30);
    expect(han.length).toBeLessThan(corpus.length - 30);
    expect(new Set(corpus.map((e) => e.channel))).toEqual(new Set(['email', 'sms']));
    expect(new Set(corpus.map((e) => `${e.text}|${e.subject ?? ''}`)).size).toBe(corpus.length);
  });

  it('lists only known misses that are in the corpus', () => {
    const texts = new Set(corpus.map((e) => e.text));
    expect([...KNOWN_MISSES].filter((text) => !texts.has(text))).toEqual([]);
  });

  it.each(passing)('$kind ($channel): $text', (entry) => {
    expect(classify(entry)).toBe(entry.kind);
  });

  it.fails.each(misses)('known miss, $kind ($channel): $text', (entry) => {
    expect(classify(entry)).toBe(entry.kind);
  });
});

describe('refineKind: satisfaction survey answers', () => {
  const answering = 'satisfaction-survey';

  it.each<[string, ReplyKind]>([
    ['1 - terrible', 'complaint'],
    ['1', 'complaint'],
    ['2/5', 'complaint'],
    ['2 out of 5', 'complaint'],
    ['2分，安装师傅来晚了', 'complaint'],
    ['6/10', 'complaint'],
    ['3', 'reply'],
    ['4 - good', 'reply'],
    ['5分', 'reply'],
    ['5 out of 5', 'reply'],
    ['7/10', 'reply'],
    ['9/10', 'reply'],
    ['10分，非常满意', 'reply'],
    ['很满意，谢谢', 'reply'],
  ])('%j answering the survey is a %s', (text, kind) => {
    expect(refineKind(classifyReply({ text }), { text, answering })).toBe(kind);
  });

  it('turns a low score into a complaint whatever its words', () => {
    expect(refineKind('reply', { text: '2/5 but the fitter was friendly', answering })).toBe('complaint');
  });

  it('leaves scores alone outside the survey', () => {
    expect(refineKind('reply', { text: '2/5', answering: 'monthly-letter' })).toBe('reply');
    expect(refineKind('reply', { text: '1' })).toBe('reply');
  });

  it('never overrides the other kinds', () => {
    expect(refineKind('unsubscribe', { text: '1', answering })).toBe('unsubscribe');
    expect(refineKind('referral', { text: '2/5', answering })).toBe('referral');
    expect(refineKind('auto-reply', { text: '1', answering })).toBe('auto-reply');
    expect(refineKind('complaint', { text: '5/5', answering })).toBe('complaint');
  });
});
