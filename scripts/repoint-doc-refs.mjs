#!/usr/bin/env node
// Re-points code comments that cite sections of the reference specifications (`dimsum.md §3.2`,
// `miso.md §1.4–1.5`, or a bare `§1.8` in a file that cites one of them) to the heading in docs/ that
// now holds the rule, using docs/.section-map.json. Only comments change: a `§` inside code or a test
// name is listed for a person to decide. Prints what it would change; `--write` changes the files.
//
//   node scripts/repoint-doc-refs.mjs            # dry run: every change and every reference left alone
//   node scripts/repoint-doc-refs.mjs --write    # rewrite the files
//   node scripts/repoint-doc-refs.mjs --write lib/qc   # only under these paths
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const args = process.argv.slice(2);
const write = args.includes('--write');
const roots = args.filter((a) => !a.startsWith('--'));
const DEFAULT_ROOTS = ['lib', 'components', 'entrypoints', 'sandbox', 'scripts', 'tests', 'server', 'bench'];
const SKIP = new Set(['node_modules', 'fixtures']);
const EXTENSIONS = /\.(ts|tsx|js|mjs|css)$/;
// This script and its test cite sections as examples.
const SELF = new Set(['scripts/repoint-doc-refs.mjs', 'tests/unit/docs.test.ts']);

const map = JSON.parse(readFileSync(join(root, 'docs/.section-map.json'), 'utf8'));
const DOCS = ['dimsum', 'miso', 'nabu-jira', 'product'];

function files(dir) {
  let entries;
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return files(path);
    return EXTENSIONS.test(name) && !SELF.has(path) ? [path] : [];
  });
}

/** The spec a bare `§` in this file means: the only one it names, else one decided by its folder. */
function defaultDoc(path, source) {
  const named = DOCS.filter((doc) => new RegExp(`\\b${doc}\\.md\\s*§`).test(source));
  if (named.length === 1) return named[0];
  if (named.length > 1) return undefined;
  return /(^|\/)miso(\/|-page)/.test(path) ? 'miso' : 'dimsum';
}

/** Where on this line comments start; -1 when the line has none. A rough reading, good for this tree. */
function commentStart(line, inBlock) {
  if (inBlock) return 0;
  const trimmed = line.trimStart();
  if (trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*')) return line.indexOf(trimmed[0]);
  const slashes = line.search(/(?<![:'"`\w])\/\/(?!\/)/);
  const block = line.search(/(?<!['"`])\/\*/);
  const starts = [slashes, block].filter((i) => i >= 0);
  return starts.length ? Math.min(...starts) : -1;
}

/** The sections `from`–`to` (same parent), e.g. 3.3–3.6 → 3.3, 3.4, 3.5, 3.6. */
function range(from, to) {
  const a = from.split('.');
  const b = to.split('.');
  if (a.length !== b.length || a.slice(0, -1).join('.') !== b.slice(0, -1).join('.')) return [from, to];
  const prefix = a.slice(0, -1);
  const out = [];
  for (let n = Number(a.at(-1)); n <= Number(b.at(-1)); n++) out.push([...prefix, n].join('.'));
  return out;
}

function targets(doc, sections) {
  const found = sections.map((s) => map[`${doc}.md §${s}`]);
  if (found.some((t) => t === undefined)) return undefined;
  return [...new Set(found)];
}

// `dimsum.md §3.3–3.6`, `miso.md §1.2`, or a bare `§1.8` / `§1.8–1.9`.
const REF = /(?:\b(dimsum|miso|nabu-jira|product)\.md\s*)?§(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?(\d+(?:\.\d+)*))?/g;

const changes = [];
const leftAlone = [];
let filesChanged = 0;

for (const path of (roots.length ? roots : DEFAULT_ROOTS).flatMap((r) =>
  statSync(join(root, r), { throwIfNoEntry: false })?.isFile() ? [r] : files(r),
)) {
  const source = readFileSync(join(root, path), 'utf8');
  if (!source.includes('§')) continue;
  const fallback = defaultDoc(path, source);
  let inBlock = false;
  const lines = source.split('\n').map((line, i) => {
    const start = commentStart(line, inBlock);
    const opens = line.lastIndexOf('/*');
    const closes = line.lastIndexOf('*/');
    const nextInBlock = opens > closes ? true : closes > opens ? false : inBlock;
    if (!line.includes('§')) {
      inBlock = nextInBlock;
      return line;
    }
    let lastDoc;
    const rewritten = line.replace(REF, (match, doc, from, to, offset) => {
      if (doc) lastDoc = doc;
      const where = `${path}:${i + 1}`;
      const spec = doc ?? lastDoc ?? fallback;
      if (start < 0 || offset < start) {
        leftAlone.push(`${where}: not in a comment: ${match.trim()}`);
        return match;
      }
      if (!spec) {
        leftAlone.push(`${where}: a bare ${match.trim()} in a file citing several specs`);
        return match;
      }
      const found = targets(spec, to ? range(from, to) : [from]);
      if (!found) {
        leftAlone.push(`${where}: ${spec}.md §${from}${to ? `–${to}` : ''} is not in docs/.section-map.json`);
        return match;
      }
      return found.join(', ');
    });
    // `(§3.4, §3.6)` may now name one heading twice.
    const deduped = rewritten.replace(/(docs\/[\w.-]+\.md(?:#[\w-]+)?)(?:(?:,\s*|\/)\1)+/g, '$1');
    if (deduped !== line) changes.push(`${path}:${i + 1}\n  - ${line.trim()}\n  + ${deduped.trim()}`);
    inBlock = nextInBlock;
    return deduped;
  });
  const next = lines.join('\n');
  if (next !== source) {
    filesChanged += 1;
    if (write) writeFileSync(join(root, path), next);
  }
}

console.log(changes.join('\n'));
// References in code and test names are summed per file; the rest are listed one by one.
const outside = new Map();
const listed = [];
for (const line of leftAlone) {
  const m = /^(.+?):\d+: not in a comment/.exec(line);
  if (m) outside.set(m[1], (outside.get(m[1]) ?? 0) + 1);
  else listed.push(line);
}
if (listed.length) console.log(`\nLeft alone, for a person to decide:\n${listed.map((l) => `  ${l}`).join('\n')}`);
if (outside.size) {
  console.log('\nReferences outside comments (test names, strings), left alone:');
  for (const [path, n] of outside) console.log(`  ${path}: ${n}`);
}
console.log(
  `\n${changes.length} lines in ${filesChanged} files ${write ? 'rewritten' : 'would change (dry run; --write to apply)'}.`,
);
