import { beforeAll, describe, expect, it, vi } from 'vitest';
import { errorEn, errorZh } from '../../functions/console/app/i18n-errors';
import { errorCodes } from '../../functions/core/errors';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** What the console's dictionary module reads when it loads: the stored language (none) and the browser's. */
function stubBrowserStorage(): void {
  const store = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  });
  vi.stubGlobal('navigator', { language: 'en-GB' });
  vi.stubGlobal('document', { documentElement: { lang: 'en' } });
}

describe('the console speaks en and zh-CN', () => {
  let dictionaries: { en: Record<string, string>; zh: Record<string, string> };
  beforeAll(async () => {
    stubBrowserStorage();
    // A path the server's type check does not follow: the module is typed against the DOM library.
    const path = '../../functions/console/app/i18n.ts';
    ({ dictionaries } = (await import(path)) as { dictionaries: typeof dictionaries });
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
});
