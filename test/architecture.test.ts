import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

const SOURCE = /\.(ts|tsx)$/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

function tree(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return tree(path);
    return SOURCE.test(name) ? [{ path, text: readFileSync(join(ROOT, path), 'utf8') }] : [];
  });
}

/** The files a source imports by relative path (type-only imports included), as repository paths. */
function importsOf(file: { path: string; text: string }, known: ReadonlySet<string>): string[] {
  return [...file.text.matchAll(SPECIFIER)].flatMap(([, spec]) => {
    const base = join(dirname(file.path), spec ?? '');
    const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => known.has(p));
    return hit ? [hit] : [];
  });
}

/** Every cycle's path, found by a depth-first walk over the import graph. */
function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('the shape of the source tree', () => {
  const files = [...tree('functions'), ...tree('infra')];
  const known = new Set(files.map((f) => f.path));
  const graph = new Map(files.map((f) => [f.path, importsOf(f, known)]));

  it('no source file over 300 lines', () => {
    const long = files.filter(({ text }) => text.split('\n').length > 300).map((f) => f.path);
    expect(long).toEqual([]);
  });

  it('the core imports nothing outside the core', () => {
    const leaks = files
      .filter((f) => f.path.startsWith('functions/core/'))
      .flatMap((f) =>
        (graph.get(f.path) ?? [])
          .filter((to) => !to.startsWith('functions/core/'))
          .map((to) => `${f.path} -> ${to}`),
      );
    expect(leaks).toEqual([]);
  });

  it('no import cycles, type-only imports included', () => {
    expect(cyclesIn(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesIn(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      importsOf(
        { path: 'functions/x/y.ts', text: "import type { T } from '../z/w';" },
        new Set(['functions/z/w.ts']),
      ),
    ).toEqual(['functions/z/w.ts']);
  });

  it('at most ten files directly in the core and the engine', () => {
    for (const dir of ['functions/core', 'functions/engine']) {
      const direct = files.filter((f) => dirname(f.path) === dir).map((f) => f.path);
      expect(direct.length, direct.join(', ')).toBeLessThanOrEqual(10);
    }
  });
});
