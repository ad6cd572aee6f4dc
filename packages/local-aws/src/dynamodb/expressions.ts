import { validationError } from '../server/awsServiceError';
import {
  AttributeValue,
  clone,
  compare,
  equal,
  Item,
  typeOf,
} from './attributeValues';

/**
 * DynamoDB condition, key-condition and update expressions: comparisons, AND/OR/NOT, BETWEEN, IN,
 * attribute_exists, attribute_not_exists, attribute_type, begins_with, contains and size; SET (with `+`, `-`,
 * if_not_exists and list_append), REMOVE, ADD. Paths are top-level attribute names (or `#name` placeholders).
 */
export interface ExpressionContext {
  names?: Record<string, string>;
  values?: Record<string, AttributeValue>;
  /** The parameter being parsed, for error messages, e.g. `ConditionExpression`. */
  parameter: string;
}

type Token = {
  kind: 'name' | 'value' | 'ident' | 'op' | 'punct';
  text: string;
};

type Operand =
  | { kind: 'path'; name: string }
  | { kind: 'value'; key: string }
  | { kind: 'size'; name: string }
  | { kind: 'fn'; fn: 'if_not_exists' | 'list_append'; args: Operand[] }
  | { kind: 'arith'; op: '+' | '-'; left: Operand; right: Operand };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; op: string; left: Operand; right: Operand }
  | { kind: 'between'; subject: Operand; low: Operand; high: Operand }
  | { kind: 'in'; subject: Operand; list: Operand[] }
  | { kind: 'fn'; fn: string; args: Operand[] };

function tokenize(text: string, context: ExpressionContext): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(<>|<=|>=|=|<|>|\+|-)|([(),]))/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    re.lastIndex = index;
    const m = re.exec(text);
    if (!m) {
      throw validationError(
        `Invalid ${context.parameter}: Syntax error; token: "${
          text.slice(index).trim()[0]
        }", near: "${text.slice(index, index + 10).trim()}"`,
      );
    }
    index = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'name', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'value', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'ident', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'op', text: m[4] });
    else tokens.push({ kind: 'punct', text: m[5] });
  }
  return tokens;
}

class Parser {
  private index = 0;
  readonly usedValues = new Set<string>();
  readonly usedNames = new Set<string>();

  constructor(
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
  ) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'ident' && t.text.toUpperCase() === word;
  }

  next(): Token {
    const t = this.tokens[this.index++];
    if (!t) this.fail('<EOF>');
    return t;
  }

  expect(text: string): void {
    const t = this.next();
    if (t.text !== text) this.fail(t.text);
  }

  fail(token: string): never {
    throw validationError(
      `Invalid ${this.context.parameter}: Syntax error; token: "${token}"`,
    );
  }

  path(): string {
    const t = this.next();
    if (t.kind === 'name') {
      const name = this.context.names?.[t.text];
      if (name === undefined) {
        throw validationError(
          `Invalid ${this.context.parameter}: An expression attribute name used in the document path is not defined; attribute name: ${t.text}`,
        );
      }
      this.usedNames.add(t.text);
      return name;
    }
    if (t.kind === 'ident') return t.text;
    return this.fail(t.text);
  }

  operand(): Operand {
    const t = this.peek();
    if (!t) this.fail('<EOF>');
    if (t.kind === 'value') {
      this.index++;
      if (!this.context.values?.[t.text]) {
        throw validationError(
          `Invalid ${this.context.parameter}: An expression attribute value used in expression is not defined; attribute value: ${t.text}`,
        );
      }
      this.usedValues.add(t.text);
      return { kind: 'value', key: t.text };
    }
    if (t.kind === 'ident' && this.tokens[this.index + 1]?.text === '(') {
      const fn = t.text;
      this.index += 2;
      if (fn === 'size') {
        const name = this.path();
        this.expect(')');
        return { kind: 'size', name };
      }
      if (fn === 'if_not_exists' || fn === 'list_append') {
        const args = [this.operand()];
        this.expect(',');
        args.push(this.operand());
        this.expect(')');
        return { kind: 'fn', fn, args };
      }
      return this.fail(fn);
    }
    return { kind: 'path', name: this.path() };
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.index++;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.index++;
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.index++;
      return { kind: 'not', inner: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    const t = this.peek();
    if (t?.text === '(') {
      this.index++;
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const functions = [
      'attribute_exists',
      'attribute_not_exists',
      'attribute_type',
      'begins_with',
      'contains',
    ];
    if (
      t?.kind === 'ident' &&
      functions.includes(t.text) &&
      this.tokens[this.index + 1]?.text === '('
    ) {
      this.index += 2;
      const args = [this.operand()];
      while (this.peek()?.text === ',') {
        this.index++;
        args.push(this.operand());
      }
      this.expect(')');
      return { kind: 'fn', fn: t.text, args };
    }
    const subject = this.operand();
    if (this.isKeyword('BETWEEN')) {
      this.index++;
      const low = this.operand();
      if (!this.isKeyword('AND')) this.fail(this.peek()?.text ?? '<EOF>');
      this.index++;
      return { kind: 'between', subject, low, high: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.index++;
      this.expect('(');
      const list = [this.operand()];
      while (this.peek()?.text === ',') {
        this.index++;
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', subject, list };
    }
    const op = this.next();
    if (op.kind !== 'op' || op.text === '+' || op.text === '-')
      this.fail(op.text);
    return {
      kind: 'compare',
      op: op.text,
      left: subject,
      right: this.operand(),
    };
  }

  /** An update value: operand, or operand + operand, or operand - operand. */
  updateValue(): Operand {
    const left = this.operand();
    const t = this.peek();
    if (t?.text === '+' || t?.text === '-') {
      this.index++;
      return {
        kind: 'arith',
        op: t.text as '+' | '-',
        left,
        right: this.operand(),
      };
    }
    return left;
  }
}

function resolve(
  operand: Operand,
  item: Item | undefined,
  context: ExpressionContext,
): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return item?.[operand.name];
    case 'value':
      return context.values![operand.key];
    case 'size': {
      const v = item?.[operand.name];
      if (!v) return undefined;
      const t = typeOf(v);
      const inner = v[t];
      let size: number = inner.length;
      if (t === 'M') size = Object.keys(inner).length;
      if (t === 'S') size = Buffer.byteLength(inner);
      return { N: String(size) };
    }
    case 'fn': {
      if (operand.fn === 'if_not_exists') {
        return (
          resolve(operand.args[0], item, context) ??
          resolve(operand.args[1], item, context)
        );
      }
      const a = resolve(operand.args[0], item, context);
      const b = resolve(operand.args[1], item, context);
      if (!a?.L || !b?.L)
        throw validationError('An operand of list_append is not a list');
      return { L: [...a.L, ...b.L] };
    }
    case 'arith': {
      const a = resolve(operand.left, item, context);
      const b = resolve(operand.right, item, context);
      if (!a?.N || !b?.N) {
        throw validationError(
          'An operand in the update expression has an incorrect data type',
        );
      }
      const result =
        operand.op === '+'
          ? Number(a.N) + Number(b.N)
          : Number(a.N) - Number(b.N);
      return { N: String(result) };
    }
    default:
      return undefined;
  }
}

export function evaluate(
  condition: Condition,
  item: Item | undefined,
  context: ExpressionContext,
): boolean {
  switch (condition.kind) {
    case 'and':
      return (
        evaluate(condition.left, item, context) &&
        evaluate(condition.right, item, context)
      );
    case 'or':
      return (
        evaluate(condition.left, item, context) ||
        evaluate(condition.right, item, context)
      );
    case 'not':
      return !evaluate(condition.inner, item, context);
    case 'between': {
      const v = resolve(condition.subject, item, context);
      const lo = compare(v, resolve(condition.low, item, context));
      const hi = compare(v, resolve(condition.high, item, context));
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'in': {
      const v = resolve(condition.subject, item, context);
      return condition.list.some(o => equal(v, resolve(o, item, context)));
    }
    case 'compare': {
      const a = resolve(condition.left, item, context);
      const b = resolve(condition.right, item, context);
      if (condition.op === '=') return equal(a, b);
      if (condition.op === '<>')
        return a !== undefined && b !== undefined && !equal(a, b);
      const c = compare(a, b);
      if (c === undefined) return false;
      switch (condition.op) {
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        default:
          return c >= 0;
      }
    }
    case 'fn': {
      const [first, second] = condition.args;
      const pathName = first.kind === 'path' ? first.name : undefined;
      switch (condition.fn) {
        case 'attribute_exists':
          return pathName !== undefined && item?.[pathName] !== undefined;
        case 'attribute_not_exists':
          return pathName !== undefined && item?.[pathName] === undefined;
        case 'attribute_type': {
          const v = resolve(first, item, context);
          const t = resolve(second, item, context);
          return v !== undefined && t?.S === typeOf(v);
        }
        case 'begins_with': {
          const v = resolve(first, item, context);
          const p = resolve(second, item, context);
          return (
            typeof v?.S === 'string' &&
            typeof p?.S === 'string' &&
            v.S.startsWith(p.S)
          );
        }
        case 'contains': {
          const v = resolve(first, item, context);
          const p = resolve(second, item, context);
          if (!v || !p) return false;
          if (v.S !== undefined) return p.S !== undefined && v.S.includes(p.S);
          if (v.SS) return v.SS.includes(p.S);
          if (v.NS) return v.NS.map(Number).includes(Number(p.N));
          if (v.L) return v.L.some((e: AttributeValue) => equal(e, p));
          return false;
        }
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

/** Parses a condition (or key condition) expression. */
export function parseCondition(
  text: string,
  context: ExpressionContext,
): { condition: Condition; parser: Parser } {
  const parser = new Parser(tokenize(text, context), context);
  const condition = parser.condition();
  if (!parser.done) parser.fail(parser.peek()!.text);
  return { condition, parser };
}

/** Parses and applies an update expression to a copy of `item`; returns the new item. */
export function applyUpdate(
  text: string,
  item: Item | undefined,
  key: Item,
  context: ExpressionContext,
): { updated: Item; parser: Parser; changed: string[] } {
  const parser = new Parser(tokenize(text, context), context);
  const result: Item = clone(item) ?? clone(key);
  const changed: string[] = [];
  const seen = new Set<string>();
  const clauses = new Set<string>();
  while (!parser.done) {
    const clause = parser.next();
    const word = clause.text.toUpperCase();
    if (
      clause.kind !== 'ident' ||
      !['SET', 'REMOVE', 'ADD', 'DELETE'].includes(word)
    )
      parser.fail(clause.text);
    if (clauses.has(word)) {
      throw validationError(
        `Invalid UpdateExpression: The "${word}" section can only be used once in an update expression;`,
      );
    }
    clauses.add(word);
    do {
      if (parser.peek()?.text === ',') parser.next();
      const name = parser.path();
      if (name in key) {
        throw validationError(
          `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
        );
      }
      if (seen.has(name)) {
        throw validationError(
          `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${name}], path two: [${name}]`,
        );
      }
      seen.add(name);
      changed.push(name);
      if (word === 'SET') {
        parser.expect('=');
        const value = resolve(parser.updateValue(), item, context);
        if (value === undefined) {
          throw validationError(
            'The provided expression refers to an attribute that does not exist in the item',
          );
        }
        result[name] = clone(value);
      } else if (word === 'REMOVE') {
        delete result[name];
      } else {
        const value = resolve(parser.operand(), item, context)!;
        const current = result[name];
        if (word === 'ADD') {
          if (value.N !== undefined) {
            if (current && current.N === undefined)
              throw validationError(
                'An operand in the update expression has an incorrect data type',
              );
            result[name] = {
              N: String(Number(current?.N ?? 0) + Number(value.N)),
            };
          } else {
            const t = typeOf(value);
            const existing: string[] = current?.[t] ?? [];
            result[name] = { [t]: [...new Set([...existing, ...value[t]])] };
          }
        } else {
          const t = typeOf(value);
          const remaining = (current?.[t] ?? []).filter(
            (v: string) => !value[t].includes(v),
          );
          if (remaining.length > 0) result[name] = { [t]: remaining };
          else delete result[name];
        }
      }
    } while (parser.peek()?.text === ',');
  }
  if (clauses.size === 0) parser.fail('<EOF>');
  return { updated: result, parser, changed };
}
