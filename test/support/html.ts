/** An attribute value as a browser reads it: character references decoded, whitespace dropped. */
export const asBrowserReads = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;|\s/gi, '');
