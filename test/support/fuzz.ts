import fc from 'fast-check';

/**
 * One seed per run, printed, so a failure can be replayed: `FUZZ_SEED=<seed> npm run test:vitest`.
 * fast-check prints the seed and path of a failing case too.
 */
export function fuzzSeed(label: string): number {
  const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`${label}: fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  return seed;
}

/** Keys that reach an object's prototype when code copies or indexes carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** A JSON array nested `depth` deep: deep enough to hurt a recursive walker. */
export const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Longer than any field's bound (the SDP's is 128 KiB). */
const HUGE = 'x'.repeat(140_000);

/** Any JSON value a hostile client might put in a field: wrong types, huge strings, nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS, 'op', 'isOp', 'claims'), fc.jsonValue({ maxDepth: 2 })),
  },
  { weight: 1, arbitrary: fc.constantFrom(HUGE, 'é'.repeat(70_000)) },
  { weight: 1, arbitrary: fc.constantFrom(200, 3000).map((n) => JSON.parse(deepJson(n)) as unknown) },
);

/** A JSON object text built from `entries`, with a literal `"__proto__"` key now and then (JSON.stringify drops it). */
export function objectText(entries: Record<string, unknown>, protoKey: unknown): string {
  const body = JSON.stringify(entries);
  if (protoKey === undefined) return body;
  const proto = `"__proto__":${JSON.stringify(protoKey)}`;
  return body === '{}' ? `{${proto}}` : `{${proto},${body.slice(1)}`;
}
