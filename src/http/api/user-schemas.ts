import * as v from 'valibot';

/*
 * Request and reply bodies of the user API (the chat page's calls, authenticated with the user's
 * chat JWT). The endpoints validate requests with these; the OpenAPI document is generated from
 * them, and a test checks real replies against it.
 */
const text = v.optional(v.string(), '');
const integer = v.optional(v.pipe(v.number(), v.integer()), 0);
const failure = <E extends v.ObjectEntries>(entries: E) => v.object({ OK: v.literal(false), Error: v.string(), ...entries });

export const ProfileRequest = v.object({ JWTToken: text, Username: text });
export const ProfileResponse = v.object({
  OK: v.boolean(),
  Error: v.optional(v.string()),
  Headline: v.optional(v.string()),
  ProfileFields: v.optional(v.array(v.object({ Name: v.string(), Value: v.string() }))),
});

export const MessageHistoryRequest = v.object({ JWTToken: text, Username: text, BeforeID: integer });
export const MessageHistoryResponse = v.object({
  OK: v.literal(true),
  Messages: v.array(
    v.object({
      username: v.string(),
      message: v.optional(v.string()),
      msgID: v.number(),
      /** RFC 3339 in the server's time zone. */
      timestamp: v.string(),
    }),
  ),
  Remaining: v.number(),
});
export const MessageHistoryFailure = failure({ Messages: v.null(), Remaining: v.literal(0) });

export const MessageUsernamesRequest = v.object({ JWTToken: text, Sort: text, Page: integer });
export const MessageUsernamesResponse = v.object({
  OK: v.literal(true),
  Usernames: v.array(v.string()),
  Count: v.number(),
  Pages: v.number(),
});
export const MessageUsernamesFailure = failure({ Usernames: v.null(), Count: v.literal(0), Pages: v.literal(0) });

export const MessageClearRequest = v.object({ JWTToken: text, APIKey: text, Username: text });
export const MessageClearResponse = v.object({ OK: v.literal(true), MessagesErased: v.number() });
export const MessageClearFailure = failure({ MessagesErased: v.literal(0) });
