import { Marked } from 'marked';
import * as xssModule from 'xss';

/**
 * The chat page inserts message HTML as-is, so this module is the XSS barrier for user text:
 * GitHub-flavoured markdown (no hard line breaks), then an allow-list sanitiser.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS: Record<string, string[]> = {
  a: ['href', 'title', 'rel', 'target'],
  abbr: ['title'],
  b: [],
  blockquote: [],
  br: [],
  code: ['class'],
  del: [],
  details: [],
  div: [],
  em: [],
  // No `id`: a user-chosen id could shadow globals of the chat page (DOM clobbering).
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  i: ['class'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  input: ['type', 'checked', 'disabled'],
  kbd: [],
  li: [],
  ol: ['start'],
  p: [],
  pre: [],
  s: [],
  span: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['align'],
  th: ['align'],
  thead: [],
  tr: [],
  u: [],
  ul: [],
};

// xss is CommonJS: its functions are reached through the default export on every runtime.
const xss = (xssModule as unknown as { default?: typeof xssModule }).default ?? xssModule;
const { FilterXSS, escapeAttrValue, friendlyAttrValue } = xss;

const SAFE_SCHEME = /^(?:https?:|mailto:)/i;
/** The part of a URL where a browser looks for a scheme: up to the first `/`, `?` or `#`. */
const SCHEME_PART = /^[^/?#]*/;

/**
 * Whether a link or image URL may reach the page: http(s), mailto, or relative. The check runs on
 * the value as the browser will read it (entities such as `&#58;` or `&colon;` decoded, whitespace
 * and control characters dropped); anything that still has a `:` or an undecoded `&` where a
 * scheme could be is refused, so no `javascript:`, `data:` or entity trick gets through.
 */
export function isSafeUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip control characters in a URL's scheme, so must we
  const bare = friendlyAttrValue(value).replace(/[\u0000-\u0020\u007f]/g, '');
  if (SAFE_SCHEME.test(bare)) return true;
  return !/[:&]/.test(SCHEME_PART.exec(bare)![0]);
}

const sanitizer = new FilterXSS({
  whiteList: ALLOWED_TAGS,
  stripIgnoreTag: false,
  allowCommentTag: false,
  onTagAttr(tag: string, name: string, value: string) {
    if (tag === 'input' && name === 'type') return value === 'checkbox' ? 'type="checkbox"' : '';
    if (tag === 'a' && (name === 'rel' || name === 'target')) return '';
    if (tag === 'i' && name === 'class') return /^[\w\s-]*$/.test(value) ? `class="${value}"` : '';
    return undefined;
  },
  safeAttrValue(_tag: string, name: string, value: string) {
    if ((name === 'href' || name === 'src') && !isSafeUrl(value)) return '';
    return escapeAttrValue(value);
  },
  onIgnoreTagAttr() {
    return '';
  },
});

/** Render user markdown to safe HTML; whitespace-only input gives "". */
export function renderMarkdown(text: string): string {
  return plainParagraph(text) ?? renderRichMarkdown(text);
}

/** The full path: markdown parser, then the sanitiser. */
export function renderRichMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return addNofollow(sanitizer.process(html)).trim();
}

/**
 * Most chat lines are plain words, for which markdown only wraps a paragraph around the text and
 * escapes apostrophes; skipping the parser and the sanitiser for them halves the cost of a
 * broadcast. The character set is deliberately narrow (letters, digits, single spaces and
 * , . ! ? ') so that nothing can start markdown syntax, an autolink or HTML; a property test
 * checks the shortcut against the full path.
 */
const PLAIN_LINE = /^\p{L}(?: ?[\p{L}\p{N},.!?'])*$/u;

function plainParagraph(text: string): string | undefined {
  if (!PLAIN_LINE.test(text) || /www\./i.test(text)) return undefined;
  return `<p>${text.replace(/'/g, '&#39;')}</p>`;
}

/** Links from users must not pass search-engine reputation. */
function addNofollow(html: string): string {
  return html.replace(/<a (?![^>]*\brel=)/g, '<a rel="nofollow" ');
}

/** Escape text for an HTML context (server notices that quote user input). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
