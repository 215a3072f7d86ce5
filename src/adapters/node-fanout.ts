import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

type SendArgs = Parameters<WebSocket['send']>;
type Data = SendArgs[0];
type Options = SendArgs[1];
type Callback = (err?: Error) => void;

const corked = new Set<Socket>();
/** Fan-outs holding frames published in this turn. */
const publishing = new Set<NodeFanout>();
let turnEndScheduled = false;

/** Once the turn's I/O callbacks have run: write what was published, then let every socket go. */
function endTurn(): void {
  turnEndScheduled = false;
  for (const fanout of publishing) fanout.flush();
  publishing.clear();
  for (const socket of corked) socket.uncork();
  corked.clear();
}

function atTurnEnd(): void {
  if (turnEndScheduled) return;
  turnEndScheduled = true;
  setImmediate(endTurn);
}

/** Cork a socket until the current turn of the event loop has run its I/O callbacks. */
function corkForTurn(socket: Socket): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  atTurnEnd();
}

/** ws's TCP socket; it has no public accessor. */
export const socketOf = (ws: WebSocket) => (ws as unknown as { _socket: Socket | null })._socket;

/** The last long text sent directly and its UTF-8 bytes: a who list sent to many sockets is encoded once. */
let lastText = '';
let lastBytes: Buffer | undefined;
const ENCODE_ONCE_CHARS = 1024;

/**
 * A `ws` socket whose frames sent within one turn of the event loop leave in a single write:
 * the TCP socket is corked at the first frame and uncorked after the turn's I/O callbacks.
 * Under bursts (a join storm's presence lines, many senders at once) this turns thousands of
 * tiny writes into a few large ones; when the room is quiet a frame waits only for the turn to end.
 * Frames a fan-out published earlier in the turn go out before a direct one.
 */
export class CoalescingWebSocket extends WebSocket {
  override send(data: Data, cb?: Callback): void;
  override send(data: Data, options: Options, cb?: Callback): void;
  override send(data: Data, ...rest: [Options | Callback | undefined, Callback?]): void {
    for (const fanout of publishing) fanout.flushTo(this);
    const socket = socketOf(this);
    if (socket) corkForTurn(socket);
    if (rest[0] === undefined && typeof data === 'string' && data.length >= ENCODE_ONCE_CHARS) {
      if (data !== lastText || !lastBytes) {
        lastText = data;
        lastBytes = Buffer.from(data);
      }
      return super.send(lastBytes, { binary: false });
    }
    (super.send as (data: Data, ...rest: unknown[]) => void).call(this, data, ...rest);
  }
}

/**
 * The Node fan-out: a text is encoded and framed once (an unmasked, uncompressed server text
 * frame, as ws would write it with permessage-deflate off) and the same bytes are written to
 * every member's socket, skipping ws's per-send option merging and header building. Frames
 * published within one turn of the event loop are joined and written once per socket at the
 * turn's end: a crowd joining publishes a presence line per login, and one write per socket per
 * turn instead of one per line is what keeps that linear in the room's size. A member that is
 * sent a frame of its own in between gets the published frames before it (`flushTo`).
 */
export class NodeFanout {
  private readonly members = new Set<WebSocket>();
  /** Frames published in this turn, framed. */
  private pending: Buffer[] = [];
  /** Members that already got the first n pending frames (sent to directly, or joined late). */
  private readonly written = new Map<WebSocket, number>();

  join(raw: unknown): void {
    const ws = raw as WebSocket;
    this.members.add(ws);
    // Frames published before it joined are not for it.
    if (this.pending.length) this.written.set(ws, this.pending.length);
  }
  leave(raw: unknown): void {
    const ws = raw as WebSocket;
    this.flushTo(ws);
    this.members.delete(ws);
    this.written.delete(ws);
  }
  publish(text: string): void {
    this.pending.push(textFrame(text));
    publishing.add(this);
    atTurnEnd();
  }

  /** Write the pending frames `ws` has not had yet, so what it is sent next comes after them. */
  flushTo(ws: WebSocket): void {
    if (!this.pending.length || !this.members.has(ws)) return;
    const from = this.written.get(ws) ?? 0;
    if (from === this.pending.length) return;
    this.writeTo(ws, this.pending.length - from === 1 ? this.pending[from]! : Buffer.concat(this.pending.slice(from)));
    this.written.set(ws, this.pending.length);
  }

  /** Write this turn's frames to every member that has not had them. */
  flush(): void {
    const pending = this.pending;
    if (!pending.length) return;
    this.pending = [];
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    for (const ws of this.members) {
      const from = this.written.get(ws) ?? 0;
      if (from === 0) this.writeTo(ws, all);
      else if (from < pending.length) this.writeTo(ws, Buffer.concat(pending.slice(from)));
    }
    this.written.clear();
  }

  private writeTo(ws: WebSocket, bytes: Buffer): void {
    const socket = socketOf(ws);
    if (ws.readyState !== WebSocket.OPEN || !socket) return;
    corkForTurn(socket);
    socket.write(bytes);
  }
}

/** RFC 6455 §5.2: FIN + text opcode, then the payload length in 7, 7+16 or 7+64 bits. */
function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
