import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { CoalescingWebSocket, NodeFanout } from '../../src/adapters/node-fanout.ts';

let wss: WebSocketServer;
const fanout = new NodeFanout();
const joined: CoalescingWebSocket[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, WebSocket: CoalescingWebSocket });
  wss.on('connection', (ws: CoalescingWebSocket) => joined.push(ws));
  await new Promise((r) => wss.once('listening', r));
});
afterAll(() => new Promise<void>((r) => wss.close(() => r())));

async function client(): Promise<{ ws: WebSocket; got: Array<{ text: string; isBinary: boolean }> }> {
  const { port } = wss.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  const got: Array<{ text: string; isBinary: boolean }> = [];
  ws.on('message', (data: Buffer, isBinary) => got.push({ text: data.toString(), isBinary }));
  await new Promise((r) => ws.once('open', r));
  return { ws, got };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('the Node fan-out', () => {
  it('delivers each published text once, as a text frame, in order with direct sends, to members only', async () => {
    const a = await client();
    const b = await client();
    await until(() => joined.length === 2);
    fanout.join(joined[0]);
    const texts = ['', 'x'.repeat(125), 'é'.repeat(100), 'y'.repeat(70_000)];
    joined[0]!.send('direct before');
    for (const t of texts) fanout.publish(t);
    joined[0]!.send('direct after');
    await until(() => a.got.length === texts.length + 2);
    expect(a.got).toEqual(['direct before', ...texts, 'direct after'].map((text) => ({ text, isBinary: false })));
    expect(b.got).toEqual([]);
    fanout.leave(joined[0]);
    fanout.publish('after leaving');
    joined[0]!.send('last');
    await until(() => a.got.length === texts.length + 3);
    expect(a.got.at(-1)!.text).toBe('last');
    a.ws.close();
    b.ws.close();
  });

  it('gives a member that leaves what was published before, and one that joins only what comes after', async () => {
    const before = joined.length;
    const a = await client();
    const b = await client();
    await until(() => joined.length === before + 2);
    const [wa, wb] = [joined[before]!, joined[before + 1]!];
    fanout.join(wa);
    fanout.publish('to a');
    fanout.leave(wa);
    fanout.join(wb);
    fanout.publish('to b');
    const list = 'w'.repeat(5000);
    wa.send(list);
    wb.send(list);
    await until(() => a.got.length === 2 && b.got.length === 2);
    expect(a.got.map((m) => m.text)).toEqual(['to a', list]);
    expect(b.got.map((m) => m.text)).toEqual(['to b', list]);
    expect(b.got.every((m) => !m.isBinary)).toBe(true);
    fanout.leave(wb);
    a.ws.close();
    b.ws.close();
  });
});
