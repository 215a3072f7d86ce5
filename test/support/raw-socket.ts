import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client written on a bare TCP socket, so a test controls the socket itself: it can
 * stop reading (the kernel's receive window then fills and the server's writes back up) or vanish
 * without a close frame, which a WebSocket library would not allow.
 */
export class RawChatSocket {
  /** Everything received after the handshake, as text (frames' headers included). */
  received = '';

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.received += d.toString('latin1')));
    socket.on('error', () => {});
  }

  static async open(port: number): Promise<RawChatSocket> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((res, rej) => socket.once('connect', res).once('error', rej));
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const rest = await new Promise<string>((res, rej) => {
      let head = '';
      const onData = (d: Buffer) => {
        head += d.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        socket.off('data', onData);
        if (head.startsWith('HTTP/1.1 101')) res(head.slice(end + 4));
        else rej(new Error(`upgrade refused: ${head}`));
      };
      socket.on('data', onData);
      socket.once('error', rej);
    });
    const raw = new RawChatSocket(socket);
    raw.received = rest;
    return raw;
  }

  /** The client's port, which names the connection in /proc/net/tcp. */
  get localPort(): number {
    return this.socket.localPort!;
  }

  /** Send one masked text frame, as a client must. */
  send(msg: Record<string, unknown>): void {
    const payload = Buffer.from(JSON.stringify(msg));
    const mask = randomBytes(4);
    const len = payload.length;
    const header =
      len < 126
        ? Buffer.from([0x81, 0x80 | len])
        : len < 65536
          ? Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigEndian64(len)]);
    for (let i = 0; i < len; i++) payload[i]! ^= mask[i % 4]!;
    this.socket.write(Buffer.concat([header, mask, payload]));
  }

  /** Wait until the received text contains `needle`. */
  async waitFor(needle: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.received.includes(needle)) {
      if (Date.now() > until) throw new Error(`never received ${needle}; got ${this.received.slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stop reading: unread data stays in the kernel until the window closes and the server's writes back up. */
  stopReading(): void {
    this.socket.pause();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function bigEndian64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** TCP states of /proc/net/tcp (include/net/tcp_states.h). */
const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

export interface KernelSocket {
  state: string;
  /** 0 once no process holds the socket (an orphan the kernel still tries to finish). */
  inode: number;
}

/**
 * The server's ends of loopback connections to `serverPort` as the kernel lists them, by client
 * port; a connection the kernel has forgotten is absent.
 */
export function serverSideConnections(serverPort: number): Map<number, KernelSocket> {
  const out = new Map<number, KernelSocket>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, remote, state, , , , , , inode] = line.trim().split(/\s+/);
      if (!local || !remote || !state || state === '0A') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== serverPort) continue;
      out.set(Number.parseInt(remote.slice(remote.lastIndexOf(':') + 1), 16), {
        state: TCP_STATES[state] ?? state,
        inode: Number(inode),
      });
    }
  }
  return out;
}
