// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// docs/ is what a clone carries instead of the reference specifications. Code comments point to its
// headings (the older citations were re-pointed through docs/.section-map.json), so every target must
// exist, and no code may cite a specification a clone does not have.

const root = process.cwd();
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const sectionMap: Record<string, string> = JSON.parse(read('docs/.section-map.json'));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');

function anchors(doc: string): Set<string> {
  const lines = read(doc).split('\n');
  return new Set(lines.filter((l) => /^#{1,6} /.test(l)).map((l) => anchorOf(l.replace(/^#+ /, ''))));
}

const exists = (target: string) => {
  const [doc, anchor] = target.split('#');
  try {
    statSync(join(root, doc!));
  } catch {
    return false;
  }
  return anchor === undefined || anchors(doc!).has(anchor);
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    if (name === 'node_modules' || name === 'fixtures') return [];
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|css)$/.test(name) ? [path] : [];
  });
// This file and the script cite made-up sections as examples.
const EXAMPLES = new Set(['tests/unit/docs.test.ts', 'scripts/repoint-doc-refs.mjs']);
const CODE = ['lib', 'components', 'hooks', 'entrypoints', 'sandbox', 'scripts', 'tests', 'server', 'bench', 'bin']
  .flatMap(sourceFiles)
  .filter((f) => !EXAMPLES.has(f));

/**
 * The reference specifications live outside the repository, so a clone cannot follow a citation of one;
 * the rule it stood for belongs in docs/ (and the comment points there) or in plain words.
 */
const SPEC_CITATION = /(?<![\w/-])(?:dimsum|nabu-jira|product|toolchain|aesthetics|miso)\.md\b/;

/** Every line of `source` that cites a specification, as `file:line: text`. */
function specCitations(file: string, source: string): string[] {
  return source
    .split('\n')
    .flatMap((line, i) => (SPEC_CITATION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('docs/', () => {
  it('every section map target is a heading that exists', () => {
    expect(Object.entries(sectionMap).filter(([, target]) => !exists(target))).toEqual([]);
  });

  it('no code cites a reference specification (dimsum.md, miso.md, nabu-jira.md, …) instead of docs/', () => {
    expect(CODE.flatMap((f) => specCitations(f, read(f)))).toEqual([]);
  });

  it('a citation of a specification is found, with its file and line; a docs/ link is not', () => {
    const source = [
      '// fine: docs/qc-rules.md#columns',
      '// Pauses the ticket (dimsum.md §3.2).',
      'const a = 1; // see miso.md',
    ];
    expect(specCitations('lib/x.ts', source.join('\n'))).toEqual([
      'lib/x.ts:2: // Pauses the ticket (dimsum.md §3.2).',
      'lib/x.ts:3: const a = 1; // see miso.md',
    ]);
    expect(specCitations('lib/y.ts', '// docs/dimsum-notes.md and a/nabu-jira.md and toolchain.mdx')).toEqual([]);
  });

  it('every docs/… link in the code and in docs/ leads to a heading that exists', () => {
    const links = CODE.flatMap((f) => [...read(f).matchAll(/\bdocs\/[\w-]+\.md(?:#[\w-]+)?/g)].map((m) => [f, m[0]]));
    const docLinks = readdirSync(join(root, 'docs'))
      .filter((n) => n.endsWith('.md'))
      .flatMap((n) =>
        [...read(`docs/${n}`).matchAll(/\]\(([\w-]+\.md)(#[\w-]+)?\)/g)].map((m) => [
          `docs/${n}`,
          `docs/${m[1]}${m[2] ?? ''}`,
        ]),
      );
    expect([...links, ...docLinks].filter(([, target]) => !exists(target!))).toEqual([]);
  });
});

describe('scripts/repoint-doc-refs.mjs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('re-points comments from the map and leaves test names alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'bao-repoint-'));
    mkdirSync(join(dir, 'docs'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(
      join(dir, 'docs/.section-map.json'),
      JSON.stringify({ 'dimsum.md §3.2': 'docs/n.md#paused', 'dimsum.md §1.8': 'docs/q.md#thresholds' }),
    );
    writeFileSync(
      join(dir, 'lib/x.ts'),
      [
        '// Pauses the ticket (dimsum.md §3.2).',
        "const rule = 'see §1.8';",
        '/** Fails at equality (§1.8). */',
        '// Unknown here: dimsum.md §9.9.',
      ].join('\n'),
    );
    const out = execFileSync('node', [join(root, 'scripts/repoint-doc-refs.mjs'), '--write', 'lib'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(readFileSync(join(dir, 'lib/x.ts'), 'utf8').split('\n')).toEqual([
      '// Pauses the ticket (docs/n.md#paused).',
      "const rule = 'see §1.8';",
      '/** Fails at equality (docs/q.md#thresholds). */',
      '// Unknown here: dimsum.md §9.9.',
    ]);
    expect(out).toContain('dimsum.md §9.9 is not in docs/.section-map.json');
  });
});
