// A small JQL parser: clauses joined by AND / OR / NOT with parentheses, the operators
// = != ~ !~ IN, NOT IN, IS [NOT] EMPTY, and ORDER BY. Errors read like Jira's own.

export class JqlError extends Error {}

export type Operator = '=' | '!=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlNode =
  | { kind: 'and' | 'or'; left: JqlNode; right: JqlNode }
  | { kind: 'not'; node: JqlNode }
  | { kind: 'clause'; field: string; operator: Operator; values: string[] };

export interface JqlQuery {
  where: JqlNode | undefined;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
}

interface Token {
  type: 'word' | 'string' | 'op' | '(' | ')' | ',' | 'end';
  text: string;
  at: number;
}

const SYMBOL_OPERATORS = ['=', '!=', '~', '!~'] as const;
const KEYWORDS = new Set(['and', 'or', 'not', 'order', 'by', 'in', 'is', 'empty', 'null', 'asc', 'desc']);

function syntaxError(message: string, at?: number): JqlError {
  return new JqlError(`Error in the JQL Query: ${message}${at === undefined ? '' : ` (line 1, character ${at + 1})`}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        value += text[j];
        j += 1;
      }
      if (j >= text.length) throw syntaxError(`The quoted string '${value}' has not been completed.`, i);
      tokens.push({ type: 'string', text: value, at: i });
      i = j + 1;
    } else if (text.startsWith('!=', i) || text.startsWith('!~', i)) {
      tokens.push({ type: 'op', text: text.slice(i, i + 2), at: i });
      i += 2;
    } else if (c === '=' || c === '~') {
      tokens.push({ type: 'op', text: c, at: i });
      i += 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, at: i });
      i += 1;
    } else {
      const word = /^[^\s=!~(),"'<>]+/.exec(text.slice(i))?.[0];
      if (!word) {
        const escape = `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        throw syntaxError(
          `The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '${escape}' instead.`,
          i,
        );
      }
      tokens.push({ type: 'word', text: word, at: i });
      i += word.length;
    }
  }
  tokens.push({ type: 'end', text: '', at: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index];
  }
  private next(): Token {
    return this.tokens[this.index++];
  }
  private isKeyword(word: string, token = this.peek()): boolean {
    return token.type === 'word' && token.text.toLowerCase() === word;
  }
  private expected(what: string): JqlError {
    const token = this.peek();
    if (token.type === 'end') return syntaxError(`Expecting ${what} before the end of the query.`);
    return syntaxError(`Expecting ${what} but got '${token.text}'.`, token.at);
  }

  query(): JqlQuery {
    const where = this.peek().type === 'end' || this.isKeyword('order') ? undefined : this.or();
    const orderBy: JqlQuery['orderBy'] = [];
    if (this.isKeyword('order')) {
      this.next();
      if (!this.isKeyword('by')) throw this.expected("'by'");
      this.next();
      do {
        if (orderBy.length) this.next();
        const field = this.peek();
        if (field.type !== 'word' && field.type !== 'string') throw this.expected('a field name');
        this.next();
        let direction: 'asc' | 'desc' = 'asc';
        if (this.isKeyword('asc') || this.isKeyword('desc'))
          direction = this.next().text.toLowerCase() === 'desc' ? 'desc' : 'asc';
        orderBy.push({ field: field.text.toLowerCase(), direction });
      } while (this.peek().type === ',');
    }
    if (this.peek().type !== 'end')
      throw this.expected(orderBy.length ? "',' or the end of the query" : "'AND', 'OR' or 'ORDER BY'");
    return { where, orderBy };
  }

  private or(): JqlNode {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): JqlNode {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): JqlNode {
    if (this.isKeyword('not')) {
      this.next();
      return { kind: 'not', node: this.not() };
    }
    if (this.peek().type === '(') {
      this.next();
      const inner = this.or();
      if (this.peek().type !== ')') throw this.expected("')'");
      this.next();
      return inner;
    }
    return this.clause();
  }

  private value(): string {
    const token = this.peek();
    if (token.type === 'string' || (token.type === 'word' && !KEYWORDS.has(token.text.toLowerCase()))) {
      this.next();
      return token.text;
    }
    if (token.type === 'word') {
      throw syntaxError(
        `Expecting either a value, list or function but got '${token.text}'. ` +
          `You must surround '${token.text}' in quotation characters to use it as a value.`,
        token.at,
      );
    }
    throw this.expected('either a value, list or function');
  }

  private clause(): JqlNode {
    const fieldToken = this.peek();
    if (fieldToken.type !== 'string' && (fieldToken.type !== 'word' || KEYWORDS.has(fieldToken.text.toLowerCase()))) {
      throw this.expected('a field name');
    }
    this.next();
    const field = fieldToken.text.toLowerCase();
    const token = this.peek();
    const symbol = SYMBOL_OPERATORS.find((op) => op === token.text);
    if (token.type === 'op' && symbol) {
      this.next();
      return { kind: 'clause', field, operator: symbol, values: [this.value()] };
    }
    if (this.isKeyword('in') || (this.isKeyword('not') && this.isKeyword('in', this.tokens[this.index + 1]))) {
      const operator: Operator = this.next().text.toLowerCase() === 'not' ? 'not in' : 'in';
      if (operator === 'not in') this.next();
      if (this.peek().type !== '(') throw this.expected("'('");
      this.next();
      const values = [this.value()];
      while (this.peek().type === ',') {
        this.next();
        values.push(this.value());
      }
      if (this.peek().type !== ')') throw this.expected("')'");
      this.next();
      return { kind: 'clause', field, operator, values };
    }
    if (this.isKeyword('is')) {
      this.next();
      let operator: Operator = 'is';
      if (this.isKeyword('not')) {
        this.next();
        operator = 'is not';
      }
      if (!this.isKeyword('empty') && !this.isKeyword('null')) throw this.expected("'EMPTY' or 'NULL'");
      this.next();
      return { kind: 'clause', field, operator, values: [] };
    }
    throw syntaxError(
      `Expecting operator but got '${token.type === 'end' ? 'the end of the query' : token.text}'. ` +
        "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.",
      token.at,
    );
  }
}

export function parseJql(text: string): JqlQuery {
  return new Parser(tokenize(text)).query();
}
