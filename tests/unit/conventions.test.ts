// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Conventions that keep the tree's shape, read from the source text: each overlay feature is wired into
// its content script, says where to try it, and is named in the README's testability contract; and the
// knowledge of host pages (their selectors) stays in lib/<app>/, where the fixture tests check it.

const root = process.cwd();
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const files = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });

const contentScripts = readdirSync(join(root, 'entrypoints')).filter((name) => name.endsWith('.content'));

interface OverlayFeature {
  file: string;
  exportName: string;
  id: string;
}

function overlayFeatures(script: string): OverlayFeature[] {
  return files(`entrypoints/${script}/features`).flatMap((file) => {
    const source = read(file);
    if (!source.includes('defineOverlay')) return [];
    const exportName = /export (?:const|function) (\w+)/.exec(source)?.[1];
    const id = /\bid: '([^']+)'/.exec(source)?.[1];
    return [{ file, exportName: exportName ?? '(no export)', id: id ?? '(no id)' }];
  });
}

/** The names index.ts imports from ./features/, with the file each comes from. */
function featureImports(script: string): { names: string[]; from: string }[] {
  const index = read(`entrypoints/${script}/index.ts`);
  return [...index.matchAll(/import \{([^}]+)\} from '\.\/features\/([^']+)'/g)].map((m) => ({
    names: m[1]!.split(',').map((n) => n.trim().replace(/^type /, '')),
    from: `entrypoints/${script}/features/${m[2]}`,
  }));
}

const testability = (() => {
  const readme = read('README.md');
  const start = readme.indexOf('## Testability contract');
  const end = readme.indexOf('\n## ', start + 1);
  return start < 0 ? '' : readme.slice(start, end < 0 ? undefined : end);
})();

describe('testability contract', () => {
  it("every data-bao value the UI renders is in the README's testability contract", () => {
    const rendered = new Set(
      ['components', 'entrypoints', 'hooks', 'lib']
        .flatMap(files)
        .flatMap((file) => [...read(file).matchAll(/data-bao(?:=|': )["']([\w-]+)["']/g)].map((m) => m[1]!)),
    );
    expect(rendered.size).toBeGreaterThan(20);
    expect([...rendered].filter((value) => !testability.includes(`"${value}"`))).toEqual([]);
  });
});

describe('overlay features', () => {
  it('the conventions find the features they check', () => {
    expect(contentScripts.length).toBeGreaterThan(0);
    expect(contentScripts.flatMap(overlayFeatures).length).toBeGreaterThan(0);
    expect(testability).not.toBe('');
  });

  describe.each(contentScripts)('%s', (script) => {
    const index = read(`entrypoints/${script}/index.ts`);
    const imports = featureImports(script);

    it.each(overlayFeatures(script).map((f) => [f.id, f] as const))(
      '%s is registered in index.ts and named in the README',
      (_id, feature) => {
        const imported = imports.some((i) => i.names.includes(feature.exportName));
        expect(imported, `${feature.file}: index.ts does not import ${feature.exportName}`).toBe(true);
        expect(index, `${feature.file}: index.ts never runs ${feature.exportName}`).toMatch(
          new RegExp(`\\b${feature.exportName}\\(`),
        );
        expect(testability, `README's testability contract does not name the overlay id ${feature.id}`).toContain(
          `\`${feature.id}\``,
        );
      },
    );

    it('every feature index.ts runs says where to try it (a `// Test URLs:` comment)', () => {
      const missing = imports
        .map((i) => i.from)
        .filter((from) => {
          const file = [`${from}.ts`, `${from}.tsx`].find((f) => {
            try {
              return statSync(join(root, f)).isFile();
            } catch {
              return false;
            }
          });
          return file !== undefined && !/^\/\/ Test URLs: /m.test(read(file));
        });
      expect(missing).toEqual([]);
    });
  });
});

// A selector for Bao's own markup is a bare tag name or one of its own `data-` attributes; anything
// else (ids, classes, host attributes) is knowledge of somebody's page.
const ownMarkup = (selector: string) => /^(?:[a-z][a-z0-9]*|\[data-[\w-]+(?:="[^"]*")?\])$/.test(selector.trim());

function pageSelectors(file: string): string[] {
  return selectorsIn(read(file));
}

function selectorsIn(source: string): string[] {
  const constants = new Map(
    [...source.matchAll(/const (\w+) = (['"`])((?:(?!\2).)*)\2;/g)].map((m) => [m[1]!, m[3]!] as const),
  );
  const found: string[] = [];
  for (const m of source.matchAll(
    /\.(?:querySelector|querySelectorAll|closest|matches)\(\s*(?:(['"`])((?:(?!\1).)*)\1|(\w+)\s*\))/g,
  )) {
    const selector = m[2] ?? constants.get(m[3] ?? '');
    if (selector !== undefined && !ownMarkup(selector)) found.push(selector);
  }
  return found;
}

describe('page knowledge', () => {
  it.each(['entrypoints', 'components', 'hooks'])(
    'no selector of a host page lives in %s/ (they belong in lib/<app>/)',
    (dir) => {
      const offenders = files(dir).flatMap((file) => pageSelectors(file).map((selector) => `${file}: ${selector}`));
      expect(offenders).toEqual([]);
    },
  );

  it("the check sees a host-page selector, literal or through a constant, and lets Bao's own markup be", () => {
    const feature =
      `const FORM = 'form#loginForm';\nconst a = document.querySelector(FORM);\n` +
      `const b = root.closest('.aui-page-panel');\nconst c = host.querySelector('[data-bao="run-table"]');`;
    expect(selectorsIn(feature)).toEqual(['form#loginForm', '.aui-page-panel']);
  });
});

/** Relative imports (type-only ones too) of one file, resolved to files of the tree. */
function relativeImports(file: string): string[] {
  const source = read(file);
  return [...source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gms)].flatMap((m) => {
    const base = join(dirname(file), m[1]!);
    return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].filter((f) => {
      try {
        return statSync(join(root, f)).isFile();
      } catch {
        return false;
      }
    });
  });
}

/** Each cycle of a file → imported files graph, as the files around it. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  // A cycle makes load order matter and hides which module owns what; type-only edges count too,
  // because they are how the next value import sneaks in.
  it('no module imports itself back, through any chain', () => {
    const dirs = ['lib', 'components', 'hooks', 'entrypoints', 'sandbox', 'server'];
    const graph = new Map(dirs.flatMap(files).map((f) => [f, relativeImports(f)] as const));
    expect(graph.size).toBeGreaterThan(100);
    expect(cyclesOf(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the cycle check sees a cycle, a long one too', () => {
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'a']]);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toHaveLength(1);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', []],
          ['c', ['b']],
        ]),
      ),
    ).toEqual([]);
  });

  it('the import reader sees the sandbox state module importing its seed', () => {
    expect(relativeImports('sandbox/jira/state.ts')).toContain('sandbox/jira/seed.ts');
  });
});
