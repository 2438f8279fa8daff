import { describe, expect, it } from 'vitest';
import {
  contentKeyId,
  currentVersion,
  FILE_AUTHOR,
  historyOf,
  nextVersion,
} from '../../../functions/core/content/content-versions';

describe('content versions', () => {
  it('counts the file as version 1, and nothing as version 0', () => {
    expect(currentVersion(undefined, true)).toBe(1);
    expect(currentVersion(undefined, false)).toBe(0);
    expect(currentVersion({ version: 4 }, true)).toBe(4);
  });

  it('saves version n+1 only from the live version n', () => {
    expect(nextVersion(1, 1)).toEqual({ version: 2 });
    expect(nextVersion(0, 0)).toEqual({ version: 1 });
    expect(nextVersion(3, 2)).toEqual({
      conflict: expect.stringMatching(/baseVersion 2 is not the current version 3/),
    });
    expect(nextVersion(3, 4)).toHaveProperty('conflict');
  });

  it('lists a history newest first with the file last, as version 1 by templates/', () => {
    const stored = [
      { version: 2, at: '2027-03-02T00:00:00Z', content: 'two' },
      { version: 3, at: '2027-03-03T00:00:00Z', content: 'three', note: 'revert to version 1' },
    ];
    expect(historyOf(stored, { content: 'one', at: '2027-01-01T00:00:00Z' })).toEqual([
      stored[1],
      stored[0],
      { version: 1, at: '2027-01-01T00:00:00Z', by: FILE_AUTHOR, content: 'one' },
    ]);
    expect(historyOf(stored, undefined).map((v) => v.version)).toEqual([3, 2]);
  });

  it('names each source and rule with one unambiguous key', () => {
    expect(contentKeyId({ kind: 'template', template: 'birthday', locale: 'zh-CN', channel: 'sms' })).toBe(
      'TPL#birthday#zh-CN#sms',
    );
    expect(contentKeyId({ kind: 'rule', rule: 'caps' })).toBe('RULE#caps');
  });
});
