import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderMarkdown } from '../../src/core/markdown.ts';
import { expandMedia } from '../../src/core/media.ts';
import { asBrowserReads } from '../support/html.ts';

const ATTACKS = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](java&#115;cript:alert(1))',
  '<a href="javascript&#58;alert(1)">a</a>',
  '<a href="javascript&#x3A;alert(1)">a</a>',
  '<a href="javascript&#0000058alert(1)">a</a>',
  '<a href="javascript&colon;alert(1)">a</a>',
  '<a href="&#106;avascript:alert(1)">a</a>',
  '<a href="jav&#x09;ascript:alert(1)">a</a>',
  '<a href="jav&Tab;ascript:alert(1)">a</a>',
  '<a href=" javascript:alert(1)">a</a>',
  '<a href="vbscript:msgbox(1)">a</a>',
  '<a href="data:text/html,<script>alert(1)</script>">a</a>',
  '![a](data:image/svg+xml;base64,PHN2Zz4=)',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="jav\tascript:alert(1);">',
  '<img src="x" onerror="alert(1)" style="x">',
  '<svg onload=alert(1)>',
  '<script>alert(1)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body{display:none}</style>',
  '<details open ontoggle=alert(1)>x</details>',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<a href="https://ok.example" onmouseover=alert(1)>ok</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<h1 id="setModalImage">clobber</h1>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<object data="javascript:alert(1)"></object>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<!--<img src=x onerror=alert(1)>-->',
];

describe('markdown sanitising', () => {
  it.each(ATTACKS)('lets no script through: %s', (attack) => {
    const html = renderMarkdown(attack);
    expect(html).not.toMatch(/<(script|iframe|svg|style|object|form|math)\b/i);
    expect(html).not.toMatch(/<[^>]*\s(on[a-z]+|style|id|action)\s*=/i);
    for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g))
      expect(asBrowserReads(url!)).toMatch(/^(https?:|mailto:|[^:]*$)/i);
  });

  it('renders GitHub-flavoured markdown with nofollow links', () => {
    expect(renderMarkdown('hello **world**')).toBe('<p>hello <strong>world</strong></p>');
    expect(renderMarkdown('~~gone~~ and `code`')).toBe('<p><del>gone</del> and <code>code</code></p>');
    expect(renderMarkdown('see https://example.com')).toBe(
      '<p>see <a rel="nofollow" href="https://example.com">https://example.com</a></p>',
    );
    expect(renderMarkdown('[me](mailto:a@b.example)')).toBe('<p><a rel="nofollow" href="mailto:a@b.example">me</a></p>');
    expect(renderMarkdown('[rel](/profile/alice?x=1&y=2)')).toContain('href="/profile/alice?x=1&amp;y=2"');
    expect(renderMarkdown('one\ntwo')).toBe('<p>one\ntwo</p>');
    expect(renderMarkdown('   \n  ')).toBe('');
  });

  it('judges URLs as the browser will read them', () => {
    expect(isSafeUrl('https://example.com/a:b')).toBe(true);
    expect(isSafeUrl('/path/with:colon')).toBe(true);
    expect(isSafeUrl('relative?q=a:b')).toBe(true);
    expect(isSafeUrl('javascript&#58;x')).toBe(false);
    expect(isSafeUrl('java&Tab;script:x')).toBe(false);
    expect(isSafeUrl('data:image/png;base64,AA')).toBe(false);
  });
});

describe('YouTube embeds', () => {
  const embed = (id: string) => `src="https://www.youtube.com/embed/${id}"`;
  it.each([
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com/watch?feature=share&amp;v=dQw4w9WgXcQ',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://www.youtube.com/v/dQw4w9WgXcQ',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ',
  ])('appends one player for %s', (link) => {
    const html = expandMedia(`<p><a href="${link}">${link}</a></p>`);
    expect(html.split('<iframe').length).toBe(2);
    expect(html).toContain(embed('dQw4w9WgXcQ'));
    expect(html).toMatch(
      /<iframe class="youtube-embed" width="560" height="315" [^>]*allow="[^"]*autoplay[^"]*encrypted-media[^"]*picture-in-picture[^"]*web-share"[^>]*allowfullscreen><\/iframe>$/,
    );
  });

  it('ignores invalid ids and other sites, and embeds only the first video', () => {
    expect(expandMedia('<p>https://www.youtube.com/watch?v=dQw4w9WgXcZ</p>')).not.toContain('<iframe');
    expect(expandMedia('<p>https://vimeo.com/watch?v=dQw4w9WgXcQ</p>')).not.toContain('<iframe');
    const two = expandMedia('<p>https://youtu.be/dQw4w9WgXcQ https://youtu.be/9bZkp7q19f0</p>');
    expect(two.split('<iframe').length).toBe(2);
    expect(two).toContain(embed('dQw4w9WgXcQ'));
  });
});
