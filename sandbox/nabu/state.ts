import { randomBytes } from 'node:crypto';
import type { World } from '../world';
import { applySignoffToCase } from './etl';

/** A `signoff` table row, camel-cased as Nabu returns it (docs/jira-and-nabu.md#nabu-signoff-rows). */
export interface NabuRow {
  id: number;
  created: string;
  modified: string;
  caseIdentifier: string;
  username: string;
  qcPassed: boolean | null;
  release: boolean | null;
  signoffStepName: string;
  deliverableType: string;
  deliverable: string | null;
  comment: string | null;
}

/** What the controller hands the DAO. The booleans are as sent: PostgreSQL parses strings (or fails). */
export interface NabuInsert extends Omit<NabuRow, 'id' | 'created' | 'modified' | 'qcPassed' | 'release'> {
  qcPassed: unknown;
  release: unknown;
}

/** A database error: the controller turns it into a 500 with its generic message. */
export class NabuDbError extends Error {}

/** A bulk request's rows, and the first case that failed (its error is Nabu's answer). */
export interface BulkOutcome {
  rows: NabuRow[];
  failure?: { caseIdentifier: string; error: unknown };
}

/** Hand-made, in Nabu's `<auth_id>-<secret>` shape; not Nabu's seeded test key. */
export const SANDBOX_NABU_API_KEY = 'baosandbox7k2m9q4x8w1r6t3z5n0p-v4h8c2j6s1f9d3l7g5b0k8m2x6q4w1e9r3t7';

/** PostgreSQL's boolean input: unique prefixes of true/false/yes/no, on/off, 1/0, case and blanks ignored. */
export function pgBoolean(value: unknown): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string')
    throw new NabuDbError(`column is of type boolean but expression is of type ${typeof value}`);
  const text = value.trim().toLowerCase();
  const prefixOf = (word: string, min = 1) => text.length >= min && word.startsWith(text);
  if (prefixOf('true') || prefixOf('yes') || prefixOf('on', 2) || text === '1') return true;
  if (prefixOf('false') || prefixOf('no') || prefixOf('off', 2) || text === '0') return false;
  throw new NabuDbError(`invalid input syntax for type boolean: "${value}"`);
}

const compareText = (a: string | null, b: string | null): number => {
  if (a === b) return 0;
  if (a === null) return 1; // PostgreSQL sorts NULLs last in ascending order
  if (b === null) return -1;
  return a < b ? -1 : 1;
};

export class NabuState {
  readonly apiKey = SANDBOX_NABU_API_KEY;
  rows: NabuRow[] = [];
  private readonly world: World;
  private readonly tokens = new Map<string, { secret: string; username: string }>();
  private lastCreatedMs = 0;
  private dbFailure: { afterRows: number; times: number } | undefined;

  constructor(world: World) {
    this.world = world;
    const [id, secret] = SANDBOX_NABU_API_KEY.split('-');
    this.tokens.set(id, { secret, username: 'bao-sandbox' });
  }

  /** Nabu splits the key on `-` and checks only the first two parts. */
  isValidKey(key: string | undefined): boolean {
    if (!key) return false;
    const [id, secret] = key.split('-');
    const token = id ? this.tokens.get(id) : undefined;
    return token !== undefined && token.secret === secret;
  }

  createToken(username: unknown): string {
    if (typeof username !== 'string' || username === '') throw new NabuDbError('null value in column "username"');
    const part = () => randomBytes(15).toString('hex');
    const id = part();
    const secret = part();
    this.tokens.set(id, { secret, username });
    return `${id}-${secret}`;
  }

  /**
   * The next bulk request(s) write `afterRows` cases and fail the insert of the one after, as a database error
   * would. Nabu goes on with the cases after it (no transaction), so those rows are written too.
   */
  injectDbFailure(options: { afterRows: number; times?: number }): void {
    this.dbFailure = { afterRows: options.afterRows, times: options.times ?? 1 };
  }

  insert(input: NabuInsert): NabuRow {
    const qcPassed = pgBoolean(input.qcPassed);
    const release = pgBoolean(input.release);
    // `created` is TIMESTAMP(3) and part of a unique index: the sandbox moves a same-millisecond insert on.
    const ms = Math.max(Date.now(), this.lastCreatedMs + 1);
    this.lastCreatedMs = ms;
    const row: NabuRow = {
      id: this.rows.length + 1,
      created: new Date(ms).toISOString(),
      // A whole-second column: PostgreSQL rounds to the nearest second (….500 goes up), it does not cut.
      modified: new Date(Math.round(ms / 1000) * 1000).toISOString(),
      caseIdentifier: input.caseIdentifier,
      username: input.username,
      qcPassed,
      release,
      signoffStepName: input.signoffStepName,
      deliverableType: input.deliverableType,
      deliverable: input.deliverable,
      comment: input.comment,
    };
    this.rows.push(row);
    const snapshot = { ...row };
    this.world.scheduleEtl((caseData) => applySignoffToCase(caseData, snapshot));
    return { ...row };
  }

  /**
   * One row per case, one after another, no transaction. The body is validated again for each case. A case that
   * fails does not stop the rest: every other case is still written, and the first failure is what Nabu answers.
   */
  insertEach(caseIdentifiers: string[], validate: () => Omit<NabuInsert, 'caseIdentifier'>): BulkOutcome {
    const rows: NabuRow[] = [];
    let failure: BulkOutcome['failure'];
    const injected = this.dbFailure;
    if (injected && caseIdentifiers.length > injected.afterRows) {
      injected.times -= 1;
      if (injected.times <= 0) this.dbFailure = undefined;
    }
    for (const [index, caseIdentifier] of caseIdentifiers.entries()) {
      try {
        const fields = validate();
        if (injected && index === injected.afterRows) throw new NabuDbError('sandbox: injected database failure');
        rows.push(this.insert({ ...fields, caseIdentifier }));
      } catch (error) {
        failure ??= { caseIdentifier, error };
      }
    }
    return { rows, failure };
  }

  /** `SELECT DISTINCT ON (case, step, type, deliverable) … ORDER BY case, step, type, deliverable, created DESC`. */
  latest(caseIdentifier?: string): NabuRow[] {
    const newest = new Map<string, NabuRow>();
    for (const row of this.rows) {
      if (caseIdentifier !== undefined && row.caseIdentifier !== caseIdentifier) continue;
      const key = JSON.stringify([row.caseIdentifier, row.signoffStepName, row.deliverableType, row.deliverable]);
      const seen = newest.get(key);
      if (!seen || row.created > seen.created) newest.set(key, row);
    }
    return [...newest.values()]
      .sort(
        (a, b) =>
          compareText(a.caseIdentifier, b.caseIdentifier) ||
          compareText(a.signoffStepName, b.signoffStepName) ||
          compareText(a.deliverableType, b.deliverableType) ||
          compareText(a.deliverable, b.deliverable),
      )
      .map((row) => ({ ...row }));
  }
}
