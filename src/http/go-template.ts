import { jwtRules, type Claims } from '../core/claims.ts';
import { defaultSettings, type Settings } from '../settings/schema.ts';

/**
 * The page template of the original BareRTC web client: its `index.html` is a Go html/template
 * (`{{define "index"}}…{{end}}`) that the Go server fills on every request (docs/migrating.md). A site
 * that moves to this server keeps its own build of that client, so we fill the same template the
 * same way: the placeholders the original offers, each escaped as html/template escapes it for the
 * place it stands in (HTML text, a quoted attribute, a script, a string inside a script).
 *
 * Only what such a template needs is supported: values, `{{if}}…{{else}}…{{end}}`, comments, trim
 * markers and the original's `AsJS`/`AsHTML` functions. Anything else, or a placeholder we do not
 * know, is a `TemplateError` at start-up naming the file, the line and the placeholder.
 */

/** What one request gives the template (the original's `values` map). */
export interface TemplateData {
  cacheHash: string;
  settings: Settings;
  token: string;
  authOK: boolean;
  claims: Claims | undefined;
  blocklist: readonly string[] | null;
}

export class TemplateError extends Error {}

/** A value the template marks as already safe JavaScript (Go's `template.JS`). */
class TrustedJS {
  constructor(readonly text: string) {}
}
/** A value the template marks as already safe HTML (Go's `template.HTML`). */
class TrustedHTML {
  constructor(readonly text: string) {}
}

type Getter = (d: TemplateData) => unknown;
type Escaper = (value: unknown) => string;

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'nonce' }
  | { kind: 'value'; get: Getter; escape: Escaper }
  | { kind: 'if'; test: Getter; whenTrue: Node[]; otherwise: Node[] };

export interface CompiledTemplate {
  render(data: TemplateData, nonce: string): string;
  /** Inline event handler attributes found in the template (for the page's CSP hashes). */
  inlineHandlers: string[];
}

// ---- escaping, as Go's html/template does it ---------------------------------------------------

const HTML_REPLACEMENTS: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  '&': '&amp;',
  "'": '&#39;',
  '+': '&#43;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Go's htmlEscaper: text and quoted attribute values. */
export function goHtmlEscape(text: string): string {
  return text.replace(/[\0"&'+<>]/g, (ch) => HTML_REPLACEMENTS[ch]!);
}

const JS_STRING_REPLACEMENTS: Record<string, string> = {
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\u0022',
  '`': '\\u0060',
  '&': '\\u0026',
  "'": '\\u0027',
  '+': '\\u002b',
  '/': '\\/',
  '<': '\\u003c',
  '>': '\\u003e',
  '\\': '\\\\',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const hex4 = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Go's jsStrEscaper: the inside of a quoted JS string, safe in HTML too. */
export function goJsStringEscape(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
  return text.replace(/[\x00-\x1f"`&'+/<>\\\u2028\u2029]/g, (ch) => JS_STRING_REPLACEMENTS[ch] ?? hex4(ch));
}

/** JSON that cannot end the script element or break a JS string (what Go's json.Marshal writes). */
export function scriptSafeJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, hex4);
}

/**
 * Go's jsValEscaper: a value in a script becomes its JSON, spaced when it starts or ends like an
 * identifier (`true`, `5`) so it cannot run into a neighbouring keyword; `template.JS` goes as is.
 */
export function goJsValue(value: unknown): string {
  if (value instanceof TrustedJS) return value.text;
  const json = scriptSafeJson(value instanceof TrustedHTML ? value.text : value);
  return /^[\p{L}\p{Nd}_$]|[\p{L}\p{Nd}_$]$/u.test(json) ? ` ${json} ` : json;
}

/** Go's fmt %v of a text-like value; anything else has no sensible text form in a page. */
function asText(value: unknown): string {
  if (value instanceof TrustedJS || value instanceof TrustedHTML) return value.text;
  if (value === null || value === undefined) return '';
  return String(value);
}

/** URL attributes get Go's URL filter (no `javascript:` and the like) before the HTML escaping. */
function urlValue(value: unknown, inQuery: boolean): string {
  const text = asText(value);
  if (inQuery) return goHtmlEscape(encodeURIComponent(text));
  const scheme = /^([^:/?#]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) return '#ZgotmplZ';
  return goHtmlEscape(encodeURI(text));
}

// ---- what the placeholders name -------------------------------------------------------------

/** JWT claim fields by their Go names (pkg/jwt Claims), for `.JWTClaims.<Field>`. */
const CLAIM_FIELDS: Record<string, keyof Claims> = {
  IsAdmin: 'op',
  VIP: 'vip',
  Avatar: 'img',
  ProfileURL: 'url',
  Nick: 'nick',
  Emoji: 'emoji',
  Gender: 'gender',
  Subject: 'sub',
  Issuer: 'iss',
  ID: 'jti',
};

/** Settings that must never reach a browser, whatever the template asks for. */
const SECRETS = new Set(['AdminAPIKey', 'JWT.SecretKey', 'DirectMessageHistory.AuthToken']);

/** Claims in the order and shape Go's encoding/json writes the original's Claims struct. */
export function goClaimsJson(claims: Claims | undefined): string {
  if (!claims) return '{}';
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== '' && value !== false && value !== null) out[key] = value;
  };
  put('op', claims.op);
  put('vip', claims.vip);
  put('img', claims.img);
  put('url', claims.url);
  put('nick', claims.nick);
  put('emoji', claims.emoji);
  put('gender', claims.gender);
  if (claims.rules?.length) out['rules'] = claims.rules;
  put('iss', claims.iss);
  put('sub', claims.sub);
  if (claims.aud !== undefined) out['aud'] = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
  for (const key of ['exp', 'nbf', 'iat'] as const) {
    if (claims[key] !== undefined) out[key] = Math.trunc(claims[key]);
  }
  put('jti', claims.jti);
  return scriptSafeJson(out);
}

/** Go marshals a map with its keys sorted. */
function rulesDict(claims: Claims | undefined): Record<string, boolean> {
  const rules = jwtRules(claims);
  return Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function settingsPath(path: string[]): Getter | undefined {
  if (SECRETS.has(path.join('.'))) return undefined;
  let probe: unknown = defaultSettings();
  for (const key of path) {
    if (!probe || typeof probe !== 'object' || Array.isArray(probe) || !Object.hasOwn(probe, key)) return undefined;
    probe = (probe as Record<string, unknown>)[key];
  }
  return (d) => path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], d.settings);
}

/** The getter for a field chain such as `.Config.Title`, or undefined when the original has no such value. */
function field(chain: string): Getter | undefined {
  const parts = chain.slice(1).split('.');
  const [root, ...rest] = parts;
  const path = rest.join('.');
  switch (root) {
    case 'CacheHash':
      return rest.length ? undefined : (d) => d.cacheHash;
    case 'JWTTokenString':
      return rest.length ? undefined : (d) => d.token;
    case 'JWTAuthOK':
      return rest.length ? undefined : (d) => d.authOK;
    case 'CachedBlocklist':
      return rest.length ? undefined : (d) => d.blocklist;
    case 'Config':
      if (path === 'GetChannels') return (d) => new TrustedJS(scriptSafeJson(d.settings.PublicChannels));
      return rest.length ? settingsPath(rest) : undefined;
    case 'JWTClaims': {
      if (path === 'ToJSON') return (d) => new TrustedJS(goClaimsJson(d.claims));
      if (path === 'Rules.ToDict') return (d) => rulesDict(d.claims);
      if (path === 'Rules') return (d) => d.claims?.rules ?? null;
      const claim = rest.length === 1 ? CLAIM_FIELDS[path] : undefined;
      if (!claim) return undefined;
      return (d) => d.claims?.[claim] ?? (claim === 'op' || claim === 'vip' ? false : '');
    }
    default:
      return undefined;
  }
}

/** A pipeline: `.A.B`, or the original's `AsJS .A.B` / `AsHTML .A.B`. */
function pipeline(expr: string): Getter | undefined {
  const m = /^(?:(AsJS|AsHTML)\s+)?(\.[A-Za-z][\w.]*)$/.exec(expr);
  if (!m) return undefined;
  const get = field(m[2]!);
  if (!get) return undefined;
  if (m[1] === 'AsJS') return (d) => new TrustedJS(asText(get(d)));
  if (m[1] === 'AsHTML') return (d) => new TrustedHTML(asText(get(d)));
  return get;
}

// ---- where in the page a placeholder stands --------------------------------------------------

type State =
  | 'text'
  | 'comment'
  | 'rcdata'
  | 'rawtext'
  | 'tag'
  | 'attrName'
  | 'afterAttrName'
  | 'beforeValue'
  | 'value'
  | 'unquoted'
  | 'js'
  | 'jsDq'
  | 'jsSq'
  | 'jsTmpl'
  | 'jsLineComment'
  | 'jsBlockComment';

/** The scanner's position in HTML and script syntax, carried across placeholders. */
interface Context {
  state: State;
  /** The element whose tag, raw text or script we are in. */
  element: string;
  attr: string;
  quote: string;
  /** The attribute value so far (to see whether a URL placeholder sits in its query). */
  valueSoFar: string;
  /** Whether a placeholder stood in this attribute value. */
  dynamicValue: boolean;
  escapedInString: boolean;
}

const sameContext = (a: Context, b: Context) =>
  a.state === b.state && a.element === b.element && a.attr === b.attr && a.quote === b.quote;

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'srcset']);
const RCDATA = new Set(['title', 'textarea']);

/**
 * Walks template text through HTML and script syntax. HTML comments are dropped from the output
 * (html/template does the same), every `<script` start tag gets a nonce slot, and inline event
 * handler attributes are collected for the page's CSP.
 */
class Scanner {
  ctx: Context = {
    state: 'text',
    element: '',
    attr: '',
    quote: '',
    valueSoFar: '',
    dynamicValue: false,
    escapedInString: false,
  };
  readonly handlers: string[] = [];

  constructor(private readonly fail: (message: string) => never) {}

  scan(text: string): Node[] {
    const out: Node[] = [];
    let chunk = '';
    const c = this.ctx;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const rest = () => text.slice(i);
      switch (c.state) {
        case 'text':
          if (rest().startsWith('<!--')) {
            c.state = 'comment';
            i += 3;
            continue;
          }
          if (ch === '<' && /^<\/?[A-Za-z!]/.test(rest())) {
            const name = /^<\/?!?([A-Za-z][\w-]*)?/.exec(rest())![1]?.toLowerCase() ?? '';
            c.state = 'tag';
            c.element = text[i + 1] === '/' ? '' : name;
            const open = /^<\/?!?[A-Za-z]?[\w-]*/.exec(rest())![0];
            chunk += open;
            i += open.length - 1;
            if (c.element === 'script') {
              out.push({ kind: 'text', text: chunk }, { kind: 'nonce' });
              chunk = '';
            }
            continue;
          }
          break;
        case 'comment':
          if (rest().startsWith('-->')) {
            c.state = 'text';
            i += 2;
          }
          continue;
        case 'rcdata':
        case 'rawtext':
        case 'js':
        case 'jsLineComment':
        case 'jsBlockComment':
        case 'jsDq':
        case 'jsSq':
        case 'jsTmpl':
          if (new RegExp(`^</${c.element}\\b`, 'i').test(rest())) {
            c.state = 'tag';
            c.element = '';
            break;
          }
          if (c.state.startsWith('js')) this.js(ch, text[i + 1]);
          break;
        case 'tag':
          if (ch === '>') this.endTag();
          else if (/[^\s/]/.test(ch)) {
            c.state = 'attrName';
            c.attr = ch.toLowerCase();
          }
          break;
        case 'attrName':
          if (ch === '=') c.state = 'beforeValue';
          else if (ch === '>') this.endTag();
          else if (/\s/.test(ch)) c.state = 'afterAttrName';
          else c.attr += ch.toLowerCase();
          break;
        case 'afterAttrName':
          if (ch === '=') c.state = 'beforeValue';
          else if (ch === '>') this.endTag();
          else if (/[^\s/]/.test(ch)) {
            c.state = 'attrName';
            c.attr = ch.toLowerCase();
          }
          break;
        case 'beforeValue':
          if (ch === '"' || ch === "'") {
            c.state = 'value';
            c.quote = ch;
            c.valueSoFar = '';
            c.dynamicValue = false;
          } else if (ch === '>') this.endTag();
          else if (!/\s/.test(ch)) {
            c.state = 'unquoted';
            c.valueSoFar = ch;
            c.dynamicValue = false;
          }
          break;
        case 'value':
          if (ch === c.quote) {
            this.endValue();
            c.state = 'tag';
          } else c.valueSoFar += ch;
          break;
        case 'unquoted':
          if (/\s/.test(ch)) {
            this.endValue();
            c.state = 'tag';
          } else if (ch === '>') {
            this.endValue();
            this.endTag();
          } else c.valueSoFar += ch;
          break;
      }
      chunk += ch;
    }
    if (chunk) out.push({ kind: 'text', text: chunk });
    return out;
  }

  private endValue(): void {
    const c = this.ctx;
    if (c.attr.startsWith('on') && !c.dynamicValue) this.handlers.push(c.valueSoFar);
  }

  private endTag(): void {
    const c = this.ctx;
    if (c.element === 'script') c.state = 'js';
    else if (c.element === 'style') c.state = 'rawtext';
    else if (RCDATA.has(c.element)) c.state = 'rcdata';
    else {
      c.state = 'text';
      c.element = '';
    }
    c.attr = '';
    c.quote = '';
  }

  /** Just enough JavaScript to know whether a placeholder sits in an expression or a string. */
  private js(ch: string, next: string | undefined): void {
    const c = this.ctx;
    const inString = c.state === 'jsDq' || c.state === 'jsSq' || c.state === 'jsTmpl';
    if (inString && c.escapedInString) {
      c.escapedInString = false;
      return;
    }
    switch (c.state) {
      case 'js':
        if (ch === '"') c.state = 'jsDq';
        else if (ch === "'") c.state = 'jsSq';
        else if (ch === '`') c.state = 'jsTmpl';
        else if (ch === '/' && next === '/') c.state = 'jsLineComment';
        else if (ch === '/' && next === '*') c.state = 'jsBlockComment';
        break;
      case 'jsDq':
      case 'jsSq':
      case 'jsTmpl':
        if (ch === '\\') c.escapedInString = true;
        else if (ch === { jsDq: '"', jsSq: "'", jsTmpl: '`' }[c.state]) c.state = 'js';
        break;
      case 'jsLineComment':
        if (ch === '\n') c.state = 'js';
        break;
      case 'jsBlockComment':
        if (ch === '/' && this.lastWasStar) c.state = 'js';
        break;
    }
    this.lastWasStar = ch === '*';
  }
  private lastWasStar = false;

  /** How a placeholder at the current position is escaped. */
  escaperHere(): Escaper {
    const c = this.ctx;
    switch (c.state) {
      case 'text':
        return (v) => (v instanceof TrustedHTML ? v.text : goHtmlEscape(asText(v)));
      case 'rcdata':
        return (v) => goHtmlEscape(asText(v));
      case 'js':
        return goJsValue;
      case 'jsDq':
      case 'jsSq':
        return (v) => goJsStringEscape(asText(v));
      case 'value': {
        if (c.attr.startsWith('on') || c.attr === 'style') {
          return this.fail(`a placeholder inside the ${c.attr} attribute is not supported`);
        }
        c.dynamicValue = true;
        if (URL_ATTRS.has(c.attr)) {
          const inQuery = /[?#]/.test(c.valueSoFar);
          return (v) => urlValue(v, inQuery);
        }
        return (v) => goHtmlEscape(asText(v));
      }
      default:
        return this.fail(
          `a placeholder in this position (${describe(c.state)}) is not supported; put it in text, a quoted attribute or a script`,
        );
    }
  }
}

function describe(state: State): string {
  return (
    (
      {
        comment: 'an HTML comment',
        rawtext: 'a style element',
        tag: 'a tag',
        attrName: 'an attribute name',
        afterAttrName: 'a tag',
        beforeValue: 'an unquoted attribute value',
        unquoted: 'an unquoted attribute value',
        jsTmpl: 'a JavaScript template literal',
        jsLineComment: 'a JavaScript comment',
        jsBlockComment: 'a JavaScript comment',
      } as Partial<Record<State, string>>
    )[state] ?? state
  );
}

// ---- parsing --------------------------------------------------------------------------------

interface Action {
  expr: string;
  offset: number;
}

type Token = { text: string } | Action;

/** Splits at `{{…}}`, applying Go's `{{- ` / ` -}}` whitespace trimming and dropping template comments. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{(-\s)?\s*([\s\S]*?)\s*(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let text = source.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1]) text = text.replace(/\s+$/, '');
    tokens.push({ text });
    if (!/^\/\*[\s\S]*\*\/$/.test(m[2]!)) tokens.push({ expr: m[2]!, offset: m.index });
    trimNext = !!m[3];
    last = re.lastIndex;
  }
  tokens.push({ text: trimNext ? source.slice(last).replace(/^\s+/, '') : source.slice(last) });
  return tokens;
}

/**
 * Reads the `index` template of a BareRTC client's index.html. Throws a TemplateError naming
 * `file`, the line and the placeholder for anything it cannot fill exactly as the Go server would.
 */
export function compileGoTemplate(source: string, file: string): CompiledTemplate {
  let offset = 0;
  const fail = (message: string): never => {
    const line = source.slice(0, offset).split('\n').length;
    throw new TemplateError(`${file}:${line}: ${message}`);
  };
  const tokens = tokenize(source);
  const scanner = new Scanner(fail);
  const stack: { nodes: Node[]; branch?: Extract<Node, { kind: 'if' }>; startCtx?: Context; thenCtx?: Context }[] = [];
  let body: Node[] | undefined;
  let done = false;

  for (const token of tokens) {
    if ('text' in token) {
      if (stack.length) stack.at(-1)!.nodes.push(...scanner.scan(token.text));
      continue;
    }
    offset = token.offset;
    const { expr } = token;
    if (done) continue;
    const define = /^define\s+"([^"]*)"$/.exec(expr);
    if (define) {
      if (stack.length) fail('{{define}} inside another block is not supported');
      if (define[1] === 'index') {
        body = [];
        stack.push({ nodes: body });
      } else stack.push({ nodes: [] });
      continue;
    }
    if (!stack.length) continue; // Text and actions outside {{define}} belong to no template we render.
    const top = stack.at(-1)!;
    const ifMatch = /^if\s+(.+)$/.exec(expr);
    if (ifMatch) {
      const test = pipeline(ifMatch[1]!.trim());
      if (!test) fail(`unknown placeholder {{${expr}}}`);
      const node: Extract<Node, { kind: 'if' }> = { kind: 'if', test: test!, whenTrue: [], otherwise: [] };
      top.nodes.push(node);
      stack.push({ nodes: node.whenTrue, branch: node, startCtx: { ...scanner.ctx } });
    } else if (expr === 'else') {
      if (!top.branch || top.thenCtx) fail('{{else}} without {{if}}');
      top.thenCtx = { ...scanner.ctx };
      scanner.ctx = { ...top.startCtx! };
      top.nodes = top.branch!.otherwise;
    } else if (expr === 'end') {
      stack.pop();
      if (top.branch) {
        const thenCtx = top.thenCtx ?? top.startCtx!;
        if (!sameContext(thenCtx, scanner.ctx)) fail('the branches of this {{if}} end in different places of the page');
      } else if (top.nodes === body) done = true;
    } else {
      const get = pipeline(expr);
      if (!get) fail(`unknown placeholder {{${expr}}}`);
      top.nodes.push({ kind: 'value', get: get!, escape: scanner.escaperHere() });
    }
  }
  offset = source.length;
  if (!body) fail('no {{define "index"}} block (the original client\'s index.html has one)');
  if (!done) fail('{{define "index"}} is not closed by {{end}}');

  const render = (nodes: Node[], data: TemplateData, nonce: string, out: string[]): void => {
    for (const node of nodes) {
      if (node.kind === 'text') out.push(node.text);
      else if (node.kind === 'nonce') out.push(` nonce="${nonce}"`);
      else if (node.kind === 'value') out.push(node.escape(node.get(data)));
      else render(truthy(node.test(data)) ? node.whenTrue : node.otherwise, data, nonce, out);
    }
  };
  return {
    inlineHandlers: [...new Set(scanner.handlers)],
    render(data, nonce) {
      const out: string[] = [];
      render(body!, data, nonce, out);
      return out.join('');
    },
  };
}

/** Go's truth: false, 0, "", nil and empty collections are false. */
function truthy(value: unknown): boolean {
  if (value instanceof TrustedJS || value instanceof TrustedHTML) return value.text !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return !!value;
}
