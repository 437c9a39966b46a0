/**
 * Task notes ↔ Graph itemBody. Planner notes are plain text; Graph may hand back HTML
 * (its Update page says only HTML is supported), so HTML is read as text: block ends and
 * <br> become newlines, tags go, entities are decoded. Writing is plain text by default.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
};

const BLOCK_END = /<\/(?:p|div|li|tr|h[1-6]|blockquote|pre|ul|ol|table)\s*>/gi;
const LINE_BREAK = /<br\s*\/?>/gi;
const INVISIBLE = /<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const TAG = /<\/?[a-zA-Z][^>]*>/g;
const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g;

/** Plain text of an HTML body: readable lines, entities decoded, no markup. */
export function htmlToText(html: string): string {
  const text = html
    .replace(COMMENT, '')
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n/g, ' ')
    .replace(LINE_BREAK, '\n')
    .replace(BLOCK_END, '\n')
    .replace(TAG, '');
  return tidyText(decodeEntities(text).replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n'));
}

/** Decode named and numeric character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Notes as we compare them: LF line ends, no trailing spaces per line, no blank runs, trimmed. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text of a Graph body (HTML read as text; anything else taken as text). */
export function bodyToText(body: { content?: string | null; contentType?: string | null } | null | undefined): string {
  const content = body?.content ?? '';
  return body?.contentType?.toLowerCase() === 'html' ? htmlToText(content) : tidyText(content);
}

/** Escaped HTML for plain text, one <br> per line (for the `bodyFormat: 'html'` option). */
export function textToHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r\n?|\n/g, '<br>');
}
