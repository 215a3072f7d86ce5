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
    // `_socket` is ws's TCP socket; it has no public accessor.
    const socket = (this as unknown as { _socket: Socket | null })._socket;
    if (socket && !corked.has(socket)) {
      socket.cork();
      corked.add(socket);
      if (!uncorkScheduled) {
        uncorkScheduled = true;
        setImmediate(uncorkAll);
      }
    }
    (super.send as (data: Data, ...rest: unknown[]) => void).call(this, data, ...rest);
  }
}

/**
 * The Node fan-out: a text is encoded once and the same buffer is handed to every member socket
 * as a text frame, so neither the UTF-8 encoding nor Hono's per-send wrapping is repeated.
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
    const frame = Buffer.from(text);
    for (const ws of this.members) if (ws.readyState === WebSocket.OPEN) ws.send(frame, TEXT_FRAME);
  }
}

const TEXT_FRAME = { binary: false };
