import { describe, expect, it } from 'vitest';
import {
  compileGoTemplate,
  goHtmlEscape,
  goJsStringEscape,
  goJsValue,
  TemplateError,
  type TemplateData,
} from '../../src/http/go-template.ts';
import { defaultSettings } from '../../src/settings/schema.ts';

function data(over: Partial<TemplateData> = {}): TemplateData {
  return {
    cacheHash: 'abcdefgh',
    settings: defaultSettings(),
    token: '',
    authOK: false,
    claims: undefined,
    blocklist: [],
    ...over,
  };
}

const fill = (template: string, d = data(), nonce = 'N0NCE') =>
  compileGoTemplate(`{{define "index"}}${template}{{end}}`, 'index.html').render(d, nonce);

// Expected strings are what Go's html/template writes for the same template and value.
describe("Go html/template's escapers", () => {
  it('escape HTML text like htmlEscaper', () => {
    expect(goHtmlEscape(`Tom & Jerry's <b>"chat"</b>+\0`)).toBe(
      'Tom &amp; Jerry&#39;s &lt;b&gt;&#34;chat&#34;&lt;/b&gt;&#43;\uFFFD',
    );
  });

  it('escape the inside of a JS string like jsStrEscaper', () => {
    expect(goJsStringEscape(`https://x.example/a?b=1&c='x'</script>`)).toBe(
      'https:\\/\\/x.example\\/a?b=1\\u0026c=\\u0027x\\u0027\\u003c\\/script\\u003e',
    );
    expect(goJsStringEscape('a"b`c+d\\e\nf\tg\u2028\u0001')).toBe('a\\u0022b\\u0060c\\u002bd\\\\e\\nf\\tg\\u2028\\u0001');
  });

  it('write values in a script like jsValEscaper: JSON, HTML specials as \\u, identifiers spaced', () => {
    expect(goJsValue('<b>Hi</b> & "you"')).toBe('"\\u003cb\\u003eHi\\u003c/b\\u003e \\u0026 \\"you\\""');
    expect(goJsValue(true)).toBe(' true ');
    expect(goJsValue(null)).toBe(' null ');
    expect(goJsValue(['a'])).toBe('["a"]');
    expect(goJsValue({ k: '\u2029' })).toBe('{"k":"\\u2029"}');
  });
});

describe('a BareRTC client index.html filled as the Go server fills it', () => {
  it('fills the original page globals, each escaped for where it stands', () => {
    const settings = defaultSettings();
    settings.Title = 'Chat <&> "here"';
    settings.Branding = '<b>Brand</b>';
    settings.WebsiteURL = "https://site.example/?a=1&b='2'";
    settings.PermitNSFW = true;
    const html = fill(
      `<title>{{.Config.Title}}</title>
<link href="/static/css/chat.css?{{.CacheHash}}">
<!-- a comment the Go server drops -->
<script type="text/javascript">
const Branding = {{.Config.Branding}};
const WebsiteURL = "{{.Config.WebsiteURL}}";
const PermitNSFW = {{AsJS .Config.PermitNSFW}};
const UserJWTToken = {{.JWTTokenString}};
const UserJWTValid = {{if .JWTAuthOK}}true{{else}}false{{end}};
const UserJWTClaims = {{.JWTClaims.ToJSON}};
const UserJWTRules = {{.JWTClaims.Rules.ToDict}};
const CachedBlocklist = {{.CachedBlocklist}};
const PublicChannels = {{.Config.GetChannels}};
const CacheHash = {{.CacheHash}};
</script>`,
      data({
        settings,
        token: 'a.b.c',
        authOK: true,
        claims: { sub: 'amy', nick: '<Amy>', op: true, rules: ['novideo'], exp: 1700000000.5, custom: 'x' },
        blocklist: null,
      }),
    );
    expect(html).toContain('<title>Chat &lt;&amp;&gt; &#34;here&#34;</title>');
    expect(html).toContain('<link href="/static/css/chat.css?abcdefgh">');
    expect(html).not.toContain('comment');
    expect(html).toContain('<script nonce="N0NCE" type="text/javascript">');
    expect(html).toContain('const Branding = "\\u003cb\\u003eBrand\\u003c/b\\u003e";');
    expect(html).toContain('const WebsiteURL = "https:\\/\\/site.example\\/?a=1\\u0026b=\\u00272\\u0027";');
    expect(html).toContain('const PermitNSFW = true;');
    expect(html).toContain('const UserJWTToken = "a.b.c";');
    expect(html).toContain('const UserJWTValid = true;');
    expect(html).toContain(
      'const UserJWTClaims = {"op":true,"nick":"\\u003cAmy\\u003e","rules":["novideo"],"sub":"amy","exp":1700000000};',
    );
    expect(html).toContain(
      'const UserJWTRules = {"IsNoBroadcastRule":true,"IsNoDarkVideoRule":false,"IsNoImageRule":false,"IsNoVideoRule":true,"IsRedCamRule":false};',
    );
    expect(html).toContain('const CachedBlocklist =  null ;');
    expect(html).toContain('const CacheHash = "abcdefgh";');
    const channels = /const PublicChannels = (.*);/.exec(html)![1]!;
    expect(JSON.parse(channels)).toEqual(settings.PublicChannels);
  });

  it('takes the else branch and trims around {{- -}}', () => {
    expect(fill('[ {{- if .JWTAuthOK}}yes{{else}}no{{end -}} ]')).toBe('[no]');
  });

  it('refuses javascript: URLs in URL attributes like Go (#ZgotmplZ)', () => {
    const settings = defaultSettings();
    settings.WebsiteURL = 'javascript:alert(1)';
    expect(fill('<a href="{{.Config.WebsiteURL}}">x</a>', data({ settings }))).toBe('<a href="#ZgotmplZ">x</a>');
  });

  it('collects inline event handlers for the CSP hashes', () => {
    const t = compileGoTemplate(
      `{{define "index"}}<div onclick="document.querySelector('#m').classList.remove('is-active')"></div><img oncontextmenu="return false">{{end}}`,
      'index.html',
    );
    expect(t.inlineHandlers).toEqual(["document.querySelector('#m').classList.remove('is-active')", 'return false']);
  });

  it('stops at an unknown placeholder, naming it, the file and the line', () => {
    expect(() => compileGoTemplate('{{define "index"}}\n<p>{{.Config.NoSuchKey}}</p>{{end}}', 'client/index.html')).toThrow(
      new TemplateError('client/index.html:2: unknown placeholder {{.Config.NoSuchKey}}'),
    );
    expect(() => compileGoTemplate('{{define "index"}}{{range .CachedBlocklist}}{{end}}{{end}}', 'i.html')).toThrow(
      /unknown placeholder \{\{range/,
    );
  });

  it('never publishes a secret setting', () => {
    expect(() => fill('<p>{{.Config.AdminAPIKey}}</p>')).toThrow(/unknown placeholder \{\{\.Config\.AdminAPIKey\}\}/);
    expect(() => fill('<p>{{.Config.JWT.SecretKey}}</p>')).toThrow(/unknown placeholder/);
  });

  it('refuses places it cannot escape safely, and a file without the index block', () => {
    expect(() => fill('<div onclick="go({{.CacheHash}})"></div>')).toThrow(/onclick attribute/);
    expect(() => fill('<script>`{{.CacheHash}}`</script>')).toThrow(/template literal/);
    expect(() => compileGoTemplate('<html></html>', 'index.html')).toThrow(/no \{\{define "index"\}\}/);
  });
});
