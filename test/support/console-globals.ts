import { vi } from 'vitest';

/** What the console's dictionary module reads when it loads: the stored language (none) and the browser's. */
export function stubBrowserStorage(): void {
  const store = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  });
  vi.stubGlobal('navigator', { language: 'en-GB' });
  vi.stubGlobal('document', { documentElement: { lang: 'en' } });
}
