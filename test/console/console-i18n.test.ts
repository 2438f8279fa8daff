import { beforeAll, describe, expect, it } from 'vitest';
import { errorEn, errorZh } from '../../functions/console/app/i18n-errors';
import { errorCodes } from '../../functions/core/errors';
import { stubBrowserStorage } from '../support/console-globals';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the console speaks en and zh-CN', () => {
  let dictionaries: { en: Record<string, string>; zh: Record<string, string> };
  let setLang: (lang: 'en' | 'zh-CN') => void;
  let translatedError: (body: Record<string, unknown>) => string | undefined;
  beforeAll(async () => {
    stubBrowserStorage();
    // A path the server's type check does not follow: the module is typed against the DOM library.
    const path = '../../functions/console/app/i18n.ts';
    ({ dictionaries, setLang } = (await import(path)) as {
      dictionaries: typeof dictionaries;
      setLang: typeof setLang;
    });
    const ui = '../../functions/console/app/ui.tsx';
    ({ translatedError } = (await import(ui)) as { translatedError: typeof translatedError });
  });

  it('has a message for every error code of the error family, with the same placeholders', () => {
    for (const code of errorCodes) {
      expect(errorEn[code]?.trim(), code).toBeTruthy();
      expect(errorZh[code]?.trim(), code).toBeTruthy();
      expect(placeholders(errorZh[code]), code).toEqual(placeholders(errorEn[code]));
    }
    expect(Object.keys(errorEn).sort()).toEqual([...errorCodes].sort());
  });

  it('has a zh-CN entry for every key of the en dictionary, with the same placeholders', () => {
    const { en, zh } = dictionaries;
    const missing = Object.keys(en).filter((key) => !zh[key]?.trim());
    expect(missing).toEqual([]);
    const mismatched = Object.keys(en).filter(
      (key) => JSON.stringify(placeholders(en[key] ?? '')) !== JSON.stringify(placeholders(zh[key] ?? '')),
    );
    expect(mismatched).toEqual([]);
    expect(Object.keys(zh).filter((key) => !(key in en))).toEqual([]);
  });

  it('renders an answer by its code in the reader’s language, with its parameters, else not at all', () => {
    const held = {
      error: 'too many failed sign-ins: try again in 30 s',
      code: 'too-many-attempts',
      retryAfterSeconds: 30,
    };
    setLang('en');
    expect(translatedError(held)).toBe('Too many failed sign-ins. Try again in 30 s.');
    setLang('zh-CN');
    expect(translatedError(held)).toBe('登录失败次数过多。请在 30 秒后重试。');
    expect(translatedError({ error: 'no route for GET /v1/nothing' })).toBeUndefined();
    expect(translatedError({ error: 'x', code: 'no-such-code' })).toBeUndefined();
  });
});
