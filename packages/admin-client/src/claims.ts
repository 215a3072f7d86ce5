import * as v from 'valibot';

const CLAIM_NAMES = [
  'sub',
  'op',
  'vip',
  'img',
  'url',
  'nick',
  'emoji',
  'gender',
  'rules',
  'iss',
  'aud',
  'jti',
  'exp',
  'nbf',
  'iat',
];
const CLAIM_BY_LOWER = new Map(CLAIM_NAMES.map((name) => [name, name]));

/**
 * Claims read the way the original reads them, with Go's encoding/json: names match
 * case-insensitively (`Nick`, `OP`) and a `null` claim is the same as an absent one. When two
 * keys name one claim, the later wins, as in Go. Unknown claims keep their names.
 */
export function goClaimKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null) continue;
    out[CLAIM_BY_LOWER.get(key.toLowerCase()) ?? key] = value;
  }
  return out;
}

/** JWT claims as BareRTC websites send them, read as Go reads them; unknown claims are kept and passed through. */
export const ClaimsSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.transform(goClaimKeys),
  v.looseObject({
    sub: v.optional(v.string()),
    op: v.optional(v.boolean()),
    vip: v.optional(v.boolean()),
    img: v.optional(v.string()),
    url: v.optional(v.string()),
    nick: v.optional(v.string()),
    emoji: v.optional(v.string()),
    gender: v.optional(v.string()),
    rules: v.optional(v.nullable(v.array(v.string()))),
    iss: v.optional(v.string()),
    aud: v.optional(v.union([v.string(), v.array(v.string())])),
    jti: v.optional(v.string()),
    exp: v.optional(v.number()),
    nbf: v.optional(v.number()),
    iat: v.optional(v.number()),
  }),
);
export type Claims = v.InferOutput<typeof ClaimsSchema>;
