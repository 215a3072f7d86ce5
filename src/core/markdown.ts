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
  h1: ['id'],
  h2: ['id'],
  h3: ['id'],
  h4: ['id'],
  h5: ['id'],
  h6: ['id'],
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
const xss = ((xssModule as unknown as { default?: typeof xssModule }).default ?? xssModule);
const { FilterXSS, escapeAttrValue, friendlyAttrValue } = xss;

/** http(s), mailto, or relative (no scheme before the first /, ? or #). */
const SAFE_URL = /^(?:https?:|mailto:|[^:/?#]*(?:[/?#]|$))/i;

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
    if (name === 'href' || name === 'src') {
      // Judge the URL as the browser will read it: entities decoded, whitespace and controls ignored.
      const bare = friendlyAttrValue(value).replace(/[\u0000-\u0020\u007f]/g, '');
      if (!SAFE_URL.test(bare)) return '';
      return escapeAttrValue(value);
    }
    return escapeAttrValue(value);
  },
  onIgnoreTagAttr() {
    return '';
  },
});

/** Render user markdown to safe HTML; whitespace-only input gives "". */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return addNofollow(sanitizer.process(html)).trim();
}

/** Links from users must not pass search-engine reputation. */
function addNofollow(html: string): string {
  return html.replace(/<a (?![^>]*\brel=)/g, '<a rel="nofollow" ');
}

/** Escape text for an HTML context (server notices that quote user input). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
