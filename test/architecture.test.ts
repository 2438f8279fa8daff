import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(ROOT, dir, name);
    if (statSync(path).isDirectory()) return sources(relative(ROOT, path));
    return name.endsWith('.ts') ? [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The house rules of DESIGN.md that a reviewer would otherwise have to remember. */
describe('house rules', () => {
  it('no table scan, transaction or PartiQL anywhere in the runtime code', () => {
    const offenders = sources('functions').filter(({ text }) =>
      /\b(Scan|TransactWriteItems|TransactGetItems|TransactWrite|TransactGet|ExecuteStatement|BatchExecuteStatement|ExecuteTransaction)Command\b/.test(
        text,
      ),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('the core never reads the clock, the environment or random numbers itself', () => {
    const offenders = sources('functions/core').filter(({ text }) =>
      /Date\.now\(\)|new Date\(\)|process\.env|Math\.random\(\)|randomUUID\(/.test(text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('adapters take their configuration in the constructor, never from process.env', () => {
    const offenders = sources('functions/ports').filter(({ text }) => /process\.env/.test(text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('Lambda handlers stay thin', () => {
    for (const { path, text } of sources('functions/handlers')) {
      expect(text.split('\n').length, path).toBeLessThanOrEqual(30);
    }
  });

  it('zod is imported as a namespace so bundles tree-shake it', () => {
    const offenders = sources('functions').filter(({ text }) =>
      /import \{[^}]*\bz\b[^}]*\} from 'zod'/.test(text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
