/**
 * Just enough YAML for a GitHub Actions workflow (no dependency): block maps, block
 * lists of maps or scalars, `|` block scalars, quoted and plain scalars, comments,
 * flow lists like [a, b]. Anchors, multi-documents and folded scalars are not needed.
 * Plus a small evaluator for the `${{ … }}` expressions the workflow uses.
 */
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  raw: string;
}

export function parseYaml(source: string): Yaml {
  const lines: Line[] = source.split('\n').map((raw) => ({ raw, indent: raw.length - raw.trimStart().length, text: stripComment(raw.trim()) }));
  const state = { i: 0 };
  skipBlank(lines, state);
  return parseBlock(lines, state, lines[state.i]?.indent ?? 0);
}

function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) quote = c === quote ? null : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text;
}

function skipBlank(lines: Line[], state: { i: number }): void {
  while (state.i < lines.length && lines[state.i].text === '') state.i++;
}

function parseBlock(lines: Line[], state: { i: number }, indent: number): Yaml {
  return lines[state.i].text.startsWith('- ') || lines[state.i].text === '-' ? parseList(lines, state, indent) : parseMap(lines, state, indent);
}

function parseList(lines: Line[], state: { i: number }, indent: number): Yaml[] {
  const out: Yaml[] = [];
  while (state.i < lines.length && lines[state.i].indent === indent && lines[state.i].text.startsWith('-')) {
    const line = lines[state.i];
    const rest = line.text.slice(1).trim();
    if (rest === '') {
      state.i++;
      skipBlank(lines, state);
      out.push(parseBlock(lines, state, lines[state.i].indent));
    } else if (/^[^'"[{][^:]*:(\s|$)/.test(rest)) {
      // "- key: value" starts a map whose keys sit at indent + 2
      lines[state.i] = { ...line, indent: indent + 2, text: rest };
      out.push(parseMap(lines, state, indent + 2));
    } else {
      out.push(scalar(rest));
      state.i++;
    }
    skipBlank(lines, state);
  }
  return out;
}

function parseMap(lines: Line[], state: { i: number }, indent: number): { [key: string]: Yaml } {
  const out: { [key: string]: Yaml } = {};
  while (state.i < lines.length && lines[state.i].indent === indent && !lines[state.i].text.startsWith('- ')) {
    const { text } = lines[state.i];
    const colon = text.search(/:(\s|$)/);
    if (colon < 0) throw new Error(`YAML: expected "key: value" at line ${state.i + 1}: ${text}`);
    const key = unquote(text.slice(0, colon).trim());
    const rest = text.slice(colon + 1).trim();
    state.i++;
    if (rest === '|' || rest === '|-') out[key] = blockScalar(lines, state, indent, rest === '|-');
    else if (rest !== '') out[key] = scalar(rest);
    else {
      skipBlank(lines, state);
      const next = lines[state.i];
      const nested = next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')));
      out[key] = nested ? parseBlock(lines, state, next.indent) : null;
    }
    skipBlank(lines, state);
  }
  return out;
}

function blockScalar(lines: Line[], state: { i: number }, parentIndent: number, strip: boolean): string {
  const body: string[] = [];
  let blockIndent = -1;
  while (state.i < lines.length) {
    const line = lines[state.i];
    if (line.raw.trim() !== '' && line.indent <= parentIndent) break;
    if (blockIndent < 0 && line.raw.trim() !== '') blockIndent = line.indent;
    body.push(line.raw.slice(Math.max(blockIndent, 0)));
    state.i++;
  }
  while (body.length && body[body.length - 1].trim() === '') body.pop();
  return body.join('\n') + (strip ? '' : '\n');
}

function unquote(text: string): string {
  if ((text.startsWith("'") && text.endsWith("'")) || (text.startsWith('"') && text.endsWith('"'))) return text.slice(1, -1);
  return text;
}

function scalar(text: string): Yaml {
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(',').map((s) => scalar(s.trim())).filter((s) => s !== '');
  if (/^['"]/.test(text)) return unquote(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

export interface ExpressionContext {
  secrets: Record<string, string>;
  github: { event_name: string; event: { schedule?: string; inputs?: Record<string, string> } };
}

/** Replaces every `${{ expr }}` in `text`. */
export function interpolate(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => String(evaluate(expr, ctx) ?? ''));
}

/** `a || b`, `a == 'x'`, property paths and quoted literals: all this workflow uses. */
export function evaluate(expr: string, ctx: ExpressionContext): string | boolean | undefined {
  const or = splitTop(expr, '||');
  if (or.length > 1) return or.map((p) => evaluate(p, ctx)).find((v) => v !== undefined && v !== '' && v !== false) ?? false;
  const eq = splitTop(expr, '==');
  if (eq.length === 2) return evaluate(eq[0], ctx) === evaluate(eq[1], ctx);
  const term = expr.trim();
  if (/^'.*'$/.test(term)) return term.slice(1, -1);
  const root = ctx as unknown as Record<string, unknown>;
  const value = term.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
  return value === undefined ? undefined : String(value);
}

function splitTop(expr: string, op: string): string[] {
  const parts: string[] = [];
  let quote = false;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === "'") quote = !quote;
    else if (!quote && expr.startsWith(op, i)) {
      parts.push(expr.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}
