import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderRichMarkdown } from '../../src/core/markdown.ts';

describe('chat markdown', () => {
  it('renders GitHub-flavoured markdown without hard line breaks', () => {
    expect(renderMarkdown('hello **world**')).toBe('<p>hello <strong>world</strong></p>');
    expect(renderMarkdown('one\ntwo')).toBe('<p>one\ntwo</p>');
    expect(renderMarkdown('~~gone~~ `code`')).toBe('<p><del>gone</del> <code>code</code></p>');
  });

  it('autolinks bare URLs with rel=nofollow', () => {
    expect(renderMarkdown('see https://example.com/x')).toBe(
      '<p>see <a rel="nofollow" href="https://example.com/x">https://example.com/x</a></p>',
    );
  });

  it('gives nothing for whitespace-only input, so the message is dropped', () => {
    expect(renderMarkdown('  \n\t ')).toBe('');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '[x](javascript:alert(1))',
    // A safe scheme later in the URL must not vouch for the one in front.
    '[x](javascript:alert(1)//https:)',
    '<a href="javascript:alert(1)//https://example.com">x</a>',
    '[x](data:text/html,x//mailto:a@b)',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onmouseover="alert(1)">hover</p>',
    '<form action="https://evil.example"><button>go</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<<script>script>alert(1)<</script>/script>',
  ])('lets no script through: %s', (payload) => {
    const html = renderMarkdown(payload);
    // Escaped text (&lt;svg onload=...&gt;) is harmless; only real tags matter.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    for (const tag of tags) {
      expect(tag).not.toMatch(/^<(script|iframe|svg|form|style|math|object|embed)/i);
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/(href|src)="\s*(javascript|vbscript|data):/i);
      expect(tag).not.toMatch(/style=/i);
    }
  });

  it('keeps safe links, relative links and images', () => {
    expect(renderMarkdown('[a](https://ok.example/a:b) [b](/users/bob) ![c](https://img.example/c.png)')).toBe(
      '<p><a rel="nofollow" href="https://ok.example/a:b">a</a> <a rel="nofollow" href="/users/bob">b</a> <img src="https://img.example/c.png" alt="c"></p>',
    );
  });

  it('shows disallowed raw HTML as text rather than dropping what the user typed', () => {
    expect(renderMarkdown('try <script>x</script>')).toBe('<p>try &lt;script&gt;x&lt;/script&gt;</p>');
  });
});

describe('the plain-text shortcut', () => {
  it('gives exactly what the full markdown path gives, for any line it takes', () => {
    const alphabet = [..."abcXYZéßжあ0129 ,.!?'"];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = ["I'm here, are you?", 'Hello there.', 'ok', 'www.example.com', 'x. y', 'Straße und Café!'];
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(random() * 30);
      samples.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    }
    for (const text of samples) expect(renderMarkdown(text), JSON.stringify(text)).toBe(renderRichMarkdown(text));
  });
});
