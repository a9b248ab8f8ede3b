import { JqlError, parseJql, type JqlNode, type Operator } from './jql-parse';

export { JqlError } from './jql-parse';

/** What a search needs to know about an issue (JiraIssueRecord fits). */
export interface JqlIssue {
  id: string;
  key: string;
  project: string;
  issueType: string;
  summary: string;
  description: string | null;
  labels: string[];
  status: string;
  resolution: string | null;
  reporter: string;
  created: string;
  updated: string;
  comments: { body: string }[];
}

export interface JqlVocabulary {
  projects: { key: string; name: string }[];
  statuses: readonly string[];
  resolutions: readonly string[];
  issueTypes: readonly string[];
  keyExists: (key: string) => boolean;
}

type Predicate = (issue: JqlIssue) => boolean;

/** Lower-cased words, as Jira's text index splits them: letters and digits; `_`, `-`, `.` and spaces separate. */
export function textWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** `~`: every word of the query (a trailing `*` makes it a prefix) is among the field's words, in any order. */
function fuzzyMatches(query: string, fieldName: string): Predicate {
  const wanted = query.toLowerCase().match(/[\p{L}\p{N}]+\*?/gu) ?? [];
  if (wanted.length === 0)
    throw new JqlError(`The field '${fieldName}' does not support searching for an empty string.`);
  return (issue) => {
    const words = new Set(textWords(textOf(issue, fieldName)));
    return wanted.every((w) => (w.endsWith('*') ? [...words].some((x) => x.startsWith(w.slice(0, -1))) : words.has(w)));
  };
}

function textOf(issue: JqlIssue, field: string): string {
  switch (field) {
    case 'summary':
      return issue.summary;
    case 'description':
      return issue.description ?? '';
    case 'comment':
      return issue.comments.map((c) => c.body).join('\n');
    default:
      return [issue.summary, issue.description ?? '', ...issue.comments.map((c) => c.body)].join('\n');
  }
}

const unsupported = (operator: Operator, field: string) =>
  new JqlError(`The operator '${operator.toUpperCase()}' is not supported by the '${field}' field.`);

const ALIASES: Record<string, string> = { issuekey: 'key', id: 'key', type: 'issuetype' };

function compileClause(field: string, operator: Operator, values: string[], vocab: JqlVocabulary): Predicate {
  const name = ALIASES[field] ?? field;
  const lower = values.map((v) => v.toLowerCase());
  const oneOf = (get: (issue: JqlIssue) => string | null) => (issue: JqlIssue) =>
    lower.includes((get(issue) ?? '').toLowerCase());
  const checkValues = (known: readonly string[], extra: string[] = []) => {
    for (const v of values) {
      if (![...known, ...extra].some((k) => k.toLowerCase() === v.toLowerCase())) {
        throw new JqlError(`The value '${v}' does not exist for the field '${field}'.`);
      }
    }
  };
  const equality = (predicate: Predicate): Predicate => {
    if (operator === '=' || operator === 'in') return predicate;
    if (operator === '!=' || operator === 'not in') return (issue) => !predicate(issue);
    throw unsupported(operator, field);
  };

  switch (name) {
    case 'project':
      checkValues(vocab.projects.flatMap((p) => [p.key, p.name]));
      return equality((issue) =>
        vocab.projects.some(
          (p) => p.key === issue.project && [p.key, p.name].some((n) => lower.includes(n.toLowerCase())),
        ),
      );
    case 'key':
      for (const v of values) {
        if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(v))
          throw new JqlError(`The issue key '${v}' for field '${field}' is invalid.`);
        if (!vocab.keyExists(v))
          throw new JqlError(`An issue with key '${v.toUpperCase()}' does not exist for field '${field}'.`);
      }
      return equality(oneOf((issue) => issue.key));
    case 'status':
      checkValues(vocab.statuses);
      return equality(oneOf((issue) => issue.status));
    case 'issuetype':
      checkValues(vocab.issueTypes);
      return equality(oneOf((issue) => issue.issueType));
    case 'reporter':
      return equality(oneOf((issue) => issue.reporter));
    case 'resolution': {
      if (operator === 'is' || operator === 'is not')
        return (issue) => (issue.resolution === null) === (operator === 'is');
      checkValues(vocab.resolutions, ['Unresolved']);
      return equality((issue) => lower.includes((issue.resolution ?? 'unresolved').toLowerCase()));
    }
    case 'labels': {
      if (operator === 'is' || operator === 'is not')
        return (issue) => (issue.labels.length === 0) === (operator === 'is');
      return equality((issue) => issue.labels.some((l) => lower.includes(l.toLowerCase())));
    }
    case 'summary':
    case 'description':
    case 'comment':
    case 'text': {
      if (name === 'description' && (operator === 'is' || operator === 'is not')) {
        return (issue) => !issue.description === (operator === 'is');
      }
      if (operator !== '~' && operator !== '!~') throw unsupported(operator, field);
      const matches = fuzzyMatches(values[0], name);
      return operator === '~' ? matches : (issue) => !matches(issue);
    }
    case 'created':
    case 'updated':
      throw new JqlError(`The sandbox cannot search by '${field}'; use it in ORDER BY only.`);
    default:
      throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  }
}

function compile(node: JqlNode, vocab: JqlVocabulary): Predicate {
  switch (node.kind) {
    case 'and': {
      const [l, r] = [compile(node.left, vocab), compile(node.right, vocab)];
      return (issue) => l(issue) && r(issue);
    }
    case 'or': {
      const [l, r] = [compile(node.left, vocab), compile(node.right, vocab)];
      return (issue) => l(issue) || r(issue);
    }
    case 'not': {
      const inner = compile(node.node, vocab);
      return (issue) => !inner(issue);
    }
    case 'clause':
      return compileClause(node.field, node.operator, node.values, vocab);
  }
}

const keyNumber = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));

const SORTS: Record<string, (a: JqlIssue, b: JqlIssue) => number> = {
  created: (a, b) => Date.parse(a.created) - Date.parse(b.created) || keyNumber(a.key) - keyNumber(b.key),
  updated: (a, b) => Date.parse(a.updated) - Date.parse(b.updated),
  key: (a, b) => a.project.localeCompare(b.project) || keyNumber(a.key) - keyNumber(b.key),
  issuekey: (a, b) => a.project.localeCompare(b.project) || keyNumber(a.key) - keyNumber(b.key),
  summary: (a, b) => a.summary.localeCompare(b.summary),
};

/** Runs a JQL query; without ORDER BY the newest issues come first. Throws JqlError with Jira's wording. */
export function runJql<T extends JqlIssue>(jql: string, issues: readonly T[], vocab: JqlVocabulary): T[] {
  const query = parseJql(jql);
  const predicate = query.where ? compile(query.where, vocab) : () => true;
  const order = query.orderBy.length ? query.orderBy : [{ field: 'created', direction: 'desc' as const }];
  const comparators = order.map(({ field, direction }) => {
    const sort = SORTS[field];
    if (!sort) throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
    return direction === 'desc' ? (a: JqlIssue, b: JqlIssue) => sort(b, a) : sort;
  });
  return issues.filter(predicate).sort((a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  });
}
