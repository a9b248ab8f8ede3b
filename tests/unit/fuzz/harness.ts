import fc from 'fast-check';
import { expect } from 'vitest';
import { FetchError, describeFailure, type System } from '../../../lib/net/failure';

// What every boundary property checks, and the near-valid values it feeds: a valid sample with one
// field broken the way real systems (or anyone who can write into them) break fields.

export type Path = (string | number)[];

/** A path as Bao's failures print it (`issueLines`): `cases[3].requisition.id`. */
export function pathText(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`)).join('');
}

/** Every path into `value` (objects and arrays, depth first), the root included; at most `limit`. */
export function pathsOf(value: unknown, limit = 2000): Path[] {
  const paths: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    if (paths.length >= limit) return;
    paths.push(path);
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
    else if (node !== null && typeof node === 'object')
      for (const [key, item] of Object.entries(node)) walk(item, [...path, key]);
  };
  walk(value, []);
  return paths;
}

const HUGE = 'x'.repeat(200_000);
/** An object whose own `__proto__` and `constructor` keys try to reach Object.prototype, as JSON.parse makes them. */
const protoKeys = () =>
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"polluted":1}') as object;

export type Mutation =
  | 'missing'
  | 'null'
  | 'wrong type'
  | 'huge string'
  | 'NaN'
  | 'Infinity'
  | '-Infinity'
  | 'number as string'
  | 'proto keys'
  | 'anything';

function mutated(original: unknown, mutation: Mutation, anything: unknown): unknown {
  switch (mutation) {
    case 'missing':
      return undefined;
    case 'null':
      return null;
    case 'wrong type':
      if (typeof original === 'string') return 42;
      if (typeof original === 'number') return 'forty-two';
      if (typeof original === 'boolean') return 'true';
      if (Array.isArray(original)) return { 0: original[0] };
      if (original === null) return {};
      return 'an object';
    case 'huge string':
      return HUGE;
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case 'number as string':
      return typeof original === 'number' ? String(original) : '12';
    case 'proto keys':
      return original !== null && typeof original === 'object' && !Array.isArray(original)
        ? Object.assign(protoKeys(), original)
        : protoKeys();
    case 'anything':
      return anything;
  }
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return root;
}

export interface NearValid {
  value: unknown;
  path: Path;
  mutation: Mutation;
}

/** A copy of `sample` with one field (any depth, the root included) broken one way. */
export function nearValid(sample: unknown): fc.Arbitrary<NearValid> {
  const paths = pathsOf(sample);
  const mutations: Mutation[] = [
    'missing',
    'null',
    'wrong type',
    'huge string',
    'NaN',
    'Infinity',
    '-Infinity',
    'number as string',
    'proto keys',
    'anything',
  ];
  return fc
    .record({
      path: fc.constantFrom(...paths),
      mutation: fc.constantFrom(...mutations),
      anything: fc.anything({ maxDepth: 2, withNullPrototype: true, withObjectString: true }),
    })
    .map(({ path, mutation, anything }) => {
      // A JSON copy: builders share objects between places, and a mutation must break one field only.
      const copy: unknown = JSON.parse(JSON.stringify(sample));
      const original = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy);
      const value = setAt(copy, path, mutated(original, mutation, anything));
      // fast-check prints a counterexample this way: the broken field, not a document with a 200 kB string in it.
      const shown = mutation === 'anything' ? `${mutation} (${fc.stringify(anything).slice(0, 200)})` : mutation;
      return { value, path, mutation, [fc.toStringMethod]: () => `${shown} at ${pathText(path) || '(root)'}` };
    });
}

/** JSON text as a server would send it (NaN and Infinity become null there, as JSON.stringify writes them). */
export const asJson = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

const STANDARD_PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Nothing reached Object.prototype, and no object in `value` has a prototype that JSON could not have given it. */
export function expectUnpolluted(value: unknown): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(STANDARD_PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const proto: unknown = Object.getPrototypeOf(node);
    expect([Object.prototype, Array.prototype, null]).toContain(proto);
    for (const item of Object.values(node)) walk(item);
  };
  walk(value);
}

export interface Expected {
  system: System;
  /** The broken field: the failure must name it, a field inside it, or one that contains it. */
  path?: Path;
  /** A failure may name only the root (a union at the top, or a rule over the whole value). */
  rootMayAnswer?: boolean;
  /** The failure kinds this boundary may answer with (default: `invalid` and `malformed`). */
  kinds?: string[];
  /** Text each issue line starts with before the field (the Bao server's file name). */
  issuePrefix?: string;
}

/** An issue line (`path: message`) names `path` or a field inside or around it. */
export function namesField(line: string, path: Path, rootMayAnswer = false): boolean {
  if (path.length === 0) return true; // the whole value was replaced: every field is inside it
  const prefixes = path.map((_, i) => pathText(path.slice(0, i + 1)));
  if (rootMayAnswer) prefixes.push('(root)');
  const full = pathText(path);
  return (
    prefixes.some((prefix) => line.startsWith(`${prefix}:`)) ||
    (full !== '' && (line.startsWith(`${full}.`) || line.startsWith(`${full}[`)))
  );
}

/**
 * The parse gave a value (unpolluted), or threw a FetchError that names the system (and, for a near-valid
 * value, the broken field). Anything else thrown fails the property with what was thrown.
 */
export function expectValueOrFailure(outcome: { value: unknown } | { error: unknown }, expected: Expected): void {
  if ('value' in outcome) {
    expectUnpolluted(outcome.value);
    return;
  }
  const { error } = outcome;
  if (!(error instanceof FetchError)) throw new Error(`not a typed failure: ${String(error)}`, { cause: error });
  const { failure } = error;
  expect(failure.system).toBe(expected.system);
  expect(expected.kinds ?? ['invalid', 'malformed']).toContain(failure.kind);
  expect(describeFailure(failure)).toContain(expected.system);
  expectUnpolluted(undefined);
  if (failure.kind === 'invalid') {
    expect(failure.issues?.length).toBeGreaterThan(0);
    if (expected.path) {
      const { path } = expected;
      const prefix = expected.issuePrefix ?? '';
      const issues = (failure.issues ?? []).map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line));
      if (!issues.some((line) => namesField(line, path, expected.rootMayAnswer)))
        throw new Error(`no issue names ${pathText(path) || '(root)'}: ${issues.join(' | ')}`);
    }
  }
}

/** `fetch` answers every request with this status and body, as a server would send them. */
export function answering(status: number, body: string, contentType = 'application/json'): typeof fetch {
  return async () => new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': contentType } });
}

export function outcomeOf(parse: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: parse() };
  } catch (error) {
    return { error };
  }
}

export async function asyncOutcomeOf(parse: () => Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  try {
    return { value: await parse() };
  } catch (error) {
    return { error };
  }
}
