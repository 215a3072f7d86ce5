import DOMPurify from 'dompurify';

const YOUTUBE_EMBED = /^https:\/\/www\.youtube(-nocookie)?\.com\/embed\/[\w-]{11}/;

// Links open in a new tab without handing it our window; only YouTube players may be framed.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'nofollow noopener noreferrer');
  }
  if (node.tagName === 'IFRAME' && !YOUTUBE_EMBED.test(node.getAttribute('src') ?? '')) node.remove();
});

/**
 * Image messages come as `<img … onclick="setModalImage(this.src)" style="cursor: pointer">`. Even an
 * inert parse of those attributes makes Chromium report CSP violations, so they go before parsing.
 */
const IMAGE_INLINE_ATTRS = /\s(?:on[a-z]+|style)="[^"]*"/gi;

/**
 * Message HTML from the server is rendered only through this. The server already sanitises user
 * text; this is the second wall. Inline handlers (the original's image `onclick`) and inline
 * styles are dropped: the page handles image clicks itself and its CSP refuses both anyway.
 */
export function sanitize(html: string): string {
  const input = html.startsWith('<img ') ? html.replace(IMAGE_INLINE_ATTRS, '') : html;
  return DOMPurify.sanitize(input, {
    ADD_TAGS: ['iframe'],
    ADD_ATTR: ['allow', 'allowfullscreen', 'target'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|data:image\/(?:png|jpeg|gif);base64,|[/#?.]|[^a-z:]*$)/i,
  });
}
