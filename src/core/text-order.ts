/**
 * Order of UTF-8 bytes, which is code point order, as the original sorts. Plain `<` compares
 * UTF-16 units, which puts characters beyond U+FFFF before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return surrogatesLast(x) - surrogatesLast(y);
  }
  return a.length - b.length;
}

/** Move surrogates (D800..DFFF) above E000..FFFF so unit order matches code point order. */
const surrogatesLast = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);
