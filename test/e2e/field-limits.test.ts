import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LIMITS, MAX_REACTION_CHARS } from '../../src/core/wire.ts';
import type { ChatClient, Msg } from '../support/client.ts';
import { joinAll } from '../support/joined.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let alice: ChatClient;
let bob: ChatClient;
beforeAll(async () => {
  server = await startServer();
  [alice, bob] = (await joinAll(server.wsUrl, ['limit-alice', 'limit-bob'])) as [ChatClient, ChatClient];
});
afterAll(async () => {
  alice.close();
  bob.close();
  await server.stop();
});

const tooLong = (m: Msg) => m.action === 'error' && /too long: the limit is \d+/.test(m.message ?? '');

/** A JSON text of exactly `length` characters, like the browser's candidate or SDP JSON. */
function jsonOfLength(length: number): string {
  const start = 'v=0 é\u00a0"quoted"\r\n';
  const shell = JSON.stringify({ type: 'offer', sdp: start });
  return JSON.stringify({ type: 'offer', sdp: start + 'x'.repeat(length - shell.length) });
}

describe('every field of a client frame is bounded', () => {
  it.each([
    ['candidate', 'candidate', FIELD_LIMITS.candidate],
    ['sdp', 'description', FIELD_LIMITS.description],
  ] as const)('relays a %s at its bound byte for byte, and refuses one longer with an error', async (action, field, limit) => {
    const atBound = jsonOfLength(limit);
    expect(atBound.length).toBe(limit);
    alice.send({ action, username: 'limit-bob', [field]: atBound });
    const got = await bob.next(action);
    expect(got[field]).toBe(atBound);
    expect(got.username).toBe('limit-alice');

    alice.send({ action, username: 'limit-bob', [field]: `${atBound} ` });
    expect((await alice.next(tooLong)).message).toBe(`The "${field}" field is too long: the limit is ${limit} characters.`);
    await bob.nothing(action);
  });

  it('refuses a status longer than its bound, so no who list carries it', async () => {
    alice.send({ action: 'me', status: 's'.repeat(FIELD_LIMITS.status + 1) });
    await alice.next(tooLong);
    alice.send({ action: 'me', status: 's'.repeat(FIELD_LIMITS.status) });
    await bob.whoList((_names, list) =>
      list.some((e) => e.username === 'limit-alice' && e.status.length === FIELD_LIMITS.status),
    );
    expect(bob.received.some((m) => m.whoList?.some((e) => e.status.length > FIELD_LIMITS.status))).toBe(false);
  });

  it('refuses a reaction longer than a username, and relays one that fits unchanged', async () => {
    alice.send({ action: 'react', msgID: 1, message: 'r'.repeat(MAX_REACTION_CHARS + 1) });
    await alice.next((m) => m.action === 'error' && (m.message ?? '').includes('That reaction is too long'));
    const fits = '👍🏽'.padEnd(MAX_REACTION_CHARS, 'r');
    alice.send({ action: 'react', msgID: 2, message: fits });
    expect((await bob.next('react')).message).toBe(fits);
    expect(bob.received.some((m) => m.action === 'react' && m.msgID === 1)).toBe(false);
  });

  it('refuses a channel name longer than its bound instead of relaying the message', async () => {
    alice.send({ action: 'message', channel: 'c'.repeat(FIELD_LIMITS.channel + 1), message: 'over the channel bound' });
    await alice.next(tooLong);
    await bob.nothing((m) => m.message === '<p>over the channel bound</p>');
  });

  it('refuses an action name longer than its bound without echoing it', async () => {
    const action = 'a'.repeat(100_000);
    alice.send({ action });
    const reply = await alice.next(tooLong);
    expect(reply.message).toBe(`The "action" field is too long: the limit is ${FIELD_LIMITS.action} characters.`);
  });

  it('bounds the names a blocklist may carry', async () => {
    alice.send({ action: 'blocklist', usernames: ['n'.repeat(FIELD_LIMITS.username + 1)] });
    expect((await alice.next(tooLong)).message).toBe(
      `The "usernames.0" field is too long: the limit is ${FIELD_LIMITS.username} characters.`,
    );
  });
});
