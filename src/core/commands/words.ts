/**
 * Split an operator command line into words the way the original does (go-shellwords without
 * environment or backtick expansion): whitespace separates, single and double quotes group,
 * a backslash escapes the next character (except inside single quotes). An unquoted `;`, `&`,
 * `|`, `<` or `>` ends the command. Unbalanced quotes, a trailing backslash or an unquoted
 * parenthesis make it no command at all (undefined), and the text is posted as chat instead.
 *
 * Hand-written because shell-quote, the usual library, expands globs and `#` comments and
 * quietly closes unbalanced quotes.
 */
export function splitWords(line: string): string[] | undefined {
  const words: string[] = [];
  let buf = '';
  let inWord = false;
  let escaped = false;
  let single = false;
  let double = false;
  for (const ch of line) {
    if (escaped) {
      buf += ch;
      escaped = false;
      inWord = true;
      continue;
    }
    if (ch === '\\' && !single) {
      escaped = true;
      continue;
    }
    if (single || double) {
      if ((single && ch === "'") || (double && ch === '"')) single = double = false;
      else buf += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (inWord) words.push(buf);
      buf = '';
      inWord = false;
    } else if (ch === "'" || ch === '"') {
      single = ch === "'";
      double = ch === '"';
      inWord = true;
    } else if (';&|<>'.includes(ch)) {
      break;
    } else if (ch === '(' || ch === ')') {
      return undefined;
    } else {
      buf += ch;
      inWord = true;
    }
  }
  if (escaped || single || double) return undefined;
  if (inWord) words.push(buf);
  return words;
}
