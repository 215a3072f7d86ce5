import type { ServerMessage } from '../../core/protocol.ts';

/** A frame the page sends; the server's client schema lists every field. */
export type Outgoing = { action: string } & Record<string, unknown>;

export interface ConnectionEvents {
  /** Frames to send right after the socket opens, before anything else (the pre-login burst). */
  onOpen(): Outgoing[];
  onMessage(msg: ServerMessage): void;
  onStateChange(state: ConnectionState, detail?: string): void;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

const RECONNECT_MS = 5000;
/** The client gives up after this many closes without a server ping in between (original behaviour). */
const MAX_FAILURES = 3;

/** The WebSocket to `/ws` with the original client's reconnect rules (docs/protocol.md#reconnecting). */
export class Connection {
  private ws: WebSocket | undefined;
  private failures = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: ConnectionEvents) {}

  connect(): void {
    this.stopped = false;
    clearTimeout(this.timer);
    this.events.onStateChange('connecting');
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.events.onStateChange('open');
      for (const msg of this.events.onOpen()) this.send(msg);
    };
    ws.onmessage = (evt) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(evt.data)) as ServerMessage;
      } catch {
        console.error('unreadable frame from the server', evt.data);
        return;
      }
      if (msg.action === 'ping') this.failures = 0;
      this.events.onMessage(msg);
    };
    ws.onclose = (evt) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.failures++;
      // Unlike the original we also come back after 1001: that is our server restarting.
      if (this.stopped || evt.code === 1000 || this.failures >= MAX_FAILURES) {
        this.events.onStateChange('closed', evt.reason);
        return;
      }
      this.events.onStateChange('reconnecting');
      this.timer = setTimeout(() => this.connect(), RECONNECT_MS);
    };
  }

  send(msg: Outgoing): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  /** Close for good (the server said `disconnect`, or the user left). */
  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close(1000);
  }
}
