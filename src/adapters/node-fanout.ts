import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

type SendArgs = Parameters<WebSocket['send']>;
type Data = SendArgs[0];
type Options = SendArgs[1];
type Callback = (err?: Error) => void;

const corked = new Set<Socket>();
let uncorkScheduled = false;

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Cork a socket until the current turn of the event loop has run its I/O callbacks. */
function corkForTurn(socket: Socket): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!uncorkScheduled) {
    uncorkScheduled = true;
    setImmediate(uncorkAll);
  }
}

/** ws's TCP socket; it has no public accessor. */
export const socketOf = (ws: WebSocket) => (ws as unknown as { _socket: Socket | null })._socket;

/**
 * A `ws` socket whose frames sent within one turn of the event loop leave in a single write:
 * the TCP socket is corked at the first frame and uncorked after the turn's I/O callbacks.
 * Under bursts (a join storm's presence lines, many senders at once) this turns thousands of
 * tiny writes into a few large ones; when the room is quiet a frame waits only for the turn to end.
 */
export class CoalescingWebSocket extends WebSocket {
  override send(data: Data, cb?: Callback): void;
  override send(data: Data, options: Options, cb?: Callback): void;
  override send(data: Data, ...rest: [Options | Callback | undefined, Callback?]): void {
    const socket = socketOf(this);
    if (socket) corkForTurn(socket);
    (super.send as (data: Data, ...rest: unknown[]) => void).call(this, data, ...rest);
  }
}

/**
 * The Node fan-out: a text is encoded and framed once (an unmasked, uncompressed server text
 * frame, as ws would write it with permessage-deflate off) and the same bytes are written to
 * every member's socket, skipping ws's per-send option merging and header building.
 */
export class NodeFanout {
  private readonly members = new Set<WebSocket>();
  join(raw: unknown): void {
    this.members.add(raw as WebSocket);
  }
  leave(raw: unknown): void {
    this.members.delete(raw as WebSocket);
  }
  publish(text: string): void {
    const frame = textFrame(text);
    for (const ws of this.members) {
      const socket = socketOf(ws);
      if (ws.readyState !== WebSocket.OPEN || !socket) continue;
      corkForTurn(socket);
      socket.write(frame);
    }
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
