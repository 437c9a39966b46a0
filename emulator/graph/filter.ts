/**
 * A small OData $filter evaluator over rendered Graph JSON: comparisons (eq ne gt ge
 * lt le), `and`/`or`/`not`, parentheses, startswith/endswith/contains.
 */
import { badRequest } from '../errors';
import { readPath } from './odata';

type Item = Record<string, unknown>;
type Predicate = (item: Item) => boolean;

const TOKEN_RE = /\s*('(?:[^']|'')*'|\(|\)|,|[A-Za-z_][\w/.]*|-?\d[\w:.+-]*)/y;

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < input.length) {
    const start = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(input);
    if (!m) {
      if (input.slice(start).trim() === '') break;
      throw invalid(input);
    }
    tokens.push(m[1]);
  }
  return tokens;
}

const invalid = (input: string) => badRequest(`Invalid filter clause: '${input}'.`, 'BadRequest');

export function compileFilter(input: string | undefined): Predicate {
  if (!input) return () => true;
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];

  const literal = (token: string): unknown => {
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    return token;
  };
  const operand = (): ((item: Item) => unknown) => {
    const token = take();
    if (token === undefined) throw invalid(input);
    if (/^(true|false|null)$/.test(token) || token.startsWith("'") || /^-?\d/.test(token)) {
      const value = literal(token);
      return () => value;
    }
    return (item) => readPath(item, token);
  };
  const compare = (a: unknown, b: unknown, op: string): boolean => {
    const [x, y] = normalizePair(a, b);
    switch (op) {
      case 'eq': return x === y;
      case 'ne': return x !== y;
      case 'gt': return x !== null && y !== null && (x as number) > (y as number);
      case 'ge': return x !== null && y !== null && (x as number) >= (y as number);
      case 'lt': return x !== null && y !== null && (x as number) < (y as number);
      case 'le': return x !== null && y !== null && (x as number) <= (y as number);
      default: throw invalid(input);
    }
  };
  const primary = (): Predicate => {
    const token = peek();
    if (token === '(') {
      take();
      const inner = disjunction();
      if (take() !== ')') throw invalid(input);
      return inner;
    }
    if (token === 'not') {
      take();
      const inner = primary();
      return (item) => !inner(item);
    }
    if (['startswith', 'endswith', 'contains'].includes(token?.toLowerCase())) {
      const fn = take().toLowerCase();
      if (take() !== '(') throw invalid(input);
      const left = operand();
      if (take() !== ',') throw invalid(input);
      const right = operand();
      if (take() !== ')') throw invalid(input);
      return (item) => {
        const l = String(left(item) ?? '').toLowerCase();
        const r = String(right(item) ?? '').toLowerCase();
        return fn === 'startswith' ? l.startsWith(r) : fn === 'endswith' ? l.endsWith(r) : l.includes(r);
      };
    }
    const left = operand();
    const op = take()?.toLowerCase();
    const right = operand();
    return (item) => compare(left(item), right(item), op);
  };
  const conjunction = (): Predicate => {
    let left = primary();
    while (peek()?.toLowerCase() === 'and') {
      take();
      const l = left;
      const r = primary();
      left = (item) => l(item) && r(item);
    }
    return left;
  };
  const disjunction = (): Predicate => {
    let left = conjunction();
    while (peek()?.toLowerCase() === 'or') {
      take();
      const l = left;
      const r = conjunction();
      left = (item) => l(item) || r(item);
    }
    return left;
  };
  const predicate = disjunction();
  if (pos !== tokens.length) throw invalid(input);
  return predicate;
}

function normalizePair(a: unknown, b: unknown): [unknown, unknown] {
  const asDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v.endsWith('Z') ? v : `${v}Z`) : NaN);
  const da = asDate(a);
  const db = asDate(b);
  if (!Number.isNaN(da) && !Number.isNaN(db)) return [da, db];
  if (typeof a === 'string' && typeof b === 'string') return [a.toLowerCase(), b.toLowerCase()];
  return [a ?? null, b ?? null];
}
