import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DirectMessageStore, DisconnectReason, Metrics } from '../core/ports.ts';
import type { Room } from '../core/room.ts';

const REASONS: readonly DisconnectReason[] = ['closed', 'kicked', 'banned', 'slow', 'timed_out', 'flood'];

/** A count kept as a plain number on the hot path; prom-client only sees it when scraped. */
interface Tally {
  n: number;
}

/**
 * The room's counters in Prometheus form (prom-client, which runs on Node, Bun and Deno). Counting
 * is a field increment on tallies bound once per label value; the registry reads the tallies and
 * the room's gauges only when `/metrics` is scraped, so the room pays nothing for the library.
 */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private room: Room | undefined;
  private readonly byAction = new Map<string, Tally>();
  private readonly byReason = new Map<DisconnectReason, Tally>(REASONS.map((r) => [r, { n: 0 }]));
  private readonly byApiCall = new Map<string, Map<number, Tally>>();
  private readonly messages: Tally = { n: 0 };
  private readonly bytes: Tally = { n: 0 };
  private readonly whoLists: Tally = { n: 0 };
  /** The last frame's UTF-8 size: a fan-out or a who-list group sends one string many times. */
  private lastText = '';
  private lastBytes = 0;
  private readonly httpDuration: Histogram<'route'>;
  private readonly httpByRoute = new Map<string, Histogram.Internal<'route'>>();
  private readonly dmDuration: Histogram;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const room = () => this.room;
    new Gauge({
      name: 'barertc_connections',
      help: 'Open connections, logged in or not',
      labelNames: ['transport'],
      registers,
      collect() {
        let websocket = 0;
        let polling = 0;
        for (const s of room()?.connections() ?? []) {
          if (s.transport === 'polling') polling++;
          else websocket++;
        }
        this.set({ transport: 'websocket' }, websocket);
        this.set({ transport: 'polling' }, polling);
      },
    });
    new Gauge({
      name: 'barertc_users',
      help: 'Logged-in users',
      registers,
      collect() {
        let users = 0;
        for (const _ of room()?.onlineSessions() ?? []) users++;
        this.set(users);
      },
    });
    new Gauge({
      name: 'barertc_cameras',
      help: 'Visible users broadcasting a webcam, by colour (red = explicit)',
      labelNames: ['color'],
      registers,
      collect() {
        const cameras = room()?.statistics().Cameras ?? { Blue: 0, Red: 0 };
        this.set({ color: 'blue' }, cameras.Blue);
        this.set({ color: 'red' }, cameras.Red);
      },
    });
    tallyCounter(
      'barertc_messages_received_total',
      'Frames received from clients, by action',
      registers,
      'action',
      this.byAction,
    );
    tallyCounter('barertc_messages_sent_total', 'Frames sent to clients (one per recipient)', registers, this.messages);
    tallyCounter('barertc_bytes_sent_total', 'UTF-8 bytes of the frames sent to clients', registers, this.bytes);
    tallyCounter('barertc_who_lists_sent_total', 'Who lists sent (one per viewer)', registers, this.whoLists);
    tallyCounter('barertc_disconnects_total', 'Connections that ended, by reason', registers, 'reason', this.byReason);
    const byApiCall = this.byApiCall;
    new Counter({
      name: 'barertc_api_requests_total',
      help: 'Answers of the /api/* endpoints, by route and HTTP status',
      labelNames: ['route', 'status'],
      registers,
      collect() {
        this.reset();
        for (const [route, byStatus] of byApiCall) {
          for (const [status, tally] of byStatus) this.inc({ route, status }, tally.n);
        }
      },
    });
    this.httpDuration = new Histogram({
      name: 'barertc_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route pattern',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.dmDuration = new Histogram({
      name: 'barertc_dm_store_duration_seconds',
      help: 'Time to store one DM in the history database',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
  }

  /** The room whose connections, users and cameras the gauges show. */
  watch(room: Room): void {
    this.room = room;
  }

  /** The store with every `add` timed into `barertc_dm_store_duration_seconds`. */
  timed(store: DirectMessageStore): DirectMessageStore {
    return {
      add: async (dm) => {
        const start = performance.now();
        await store.add(dm);
        this.dmStored((performance.now() - start) / 1000);
      },
      remove: (msgID, sender) => store.remove(msgID, sender),
    };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  received(action: string): void {
    let tally = this.byAction.get(action);
    if (!tally) this.byAction.set(action, (tally = { n: 0 }));
    tally.n++;
  }

  sent(text: string, recipients: number): void {
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastBytes = utf8Length(text);
    }
    this.messages.n += recipients;
    this.bytes.n += this.lastBytes * recipients;
  }

  whoListsSent(count: number): void {
    this.whoLists.n += count;
  }

  disconnected(reason: DisconnectReason): void {
    this.byReason.get(reason)!.n++;
  }

  dmStored(seconds: number): void {
    this.dmDuration.observe(seconds);
  }

  httpRequest(route: string, status: number, seconds: number): void {
    let child = this.httpByRoute.get(route);
    if (!child) this.httpByRoute.set(route, (child = this.httpDuration.labels(route)));
    child.observe(seconds);
    if (!route.startsWith('/api/')) return;
    let byStatus = this.byApiCall.get(route);
    if (!byStatus) this.byApiCall.set(route, (byStatus = new Map()));
    let tally = byStatus.get(status);
    if (!tally) byStatus.set(status, (tally = { n: 0 }));
    tally.n++;
  }
}

/** A prom-client counter that copies its value(s) from tallies when scraped. */
function tallyCounter(name: string, help: string, registers: Registry[], total: Tally): void;
function tallyCounter(name: string, help: string, registers: Registry[], label: string, tallies: Map<string, Tally>): void;
function tallyCounter(
  name: string,
  help: string,
  registers: Registry[],
  labelOrTotal: string | Tally,
  tallies?: Map<string, Tally>,
): void {
  if (typeof labelOrTotal !== 'string') {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(labelOrTotal.n);
      },
    });
    return;
  }
  new Counter({
    name,
    help,
    labelNames: [labelOrTotal],
    registers,
    collect() {
      this.reset();
      for (const [value, tally] of tallies!) this.inc({ [labelOrTotal]: value }, tally.n);
    },
  });
}

/** Bytes of `text` in UTF-8, without encoding it (lone surrogates count as the 3 bytes of U+FFFD). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
