import * as v from 'valibot';

/** JWT claims as BareRTC websites send them; unknown claims are kept and passed through. */
export const ClaimsSchema = v.looseObject({
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
});
export type Claims = v.InferOutput<typeof ClaimsSchema>;
