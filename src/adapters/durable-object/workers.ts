/**
 * The slice of the Workers runtime API these adapters use, typed here so the project typechecks
 * without Cloudflare's global types (which clash with the DOM and Node types the rest uses).
 */

export type SqlValue = string | number | null | ArrayBuffer;

export interface SqlStorage {
  exec<T extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]): { toArray(): T[] };
}

export interface DurableObjectStorage {
  sql: SqlStorage;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** A server-side WebSocket accepted for hibernation. */
export interface HibernatableWebSocket {
  send(message: string): void;
  close(code?: number, reason?: string): void;
  serializeAttachment(value: unknown): void;
  deserializeAttachment(): unknown;
}

export interface DurableObjectState {
  readonly storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
  acceptWebSocket(ws: HibernatableWebSocket, tags?: string[]): void;
  getWebSockets(tag?: string): HibernatableWebSocket[];
}

export interface Fetcher {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectStub extends Fetcher {
  /** The object's RPC method that closes every socket (the local runner's SIGINT/SIGTERM). */
  closeAll(code: number, reason: string): Promise<void>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}

/** The Workers constructor of a connected socket pair: [client, server]. */
export function newWebSocketPair(): { client: unknown; server: HibernatableWebSocket } {
  const Pair = (globalThis as unknown as { WebSocketPair: new () => Record<0 | 1, unknown> }).WebSocketPair;
  const pair = new Pair();
  return { client: pair[0], server: pair[1] as HibernatableWebSocket };
}

/** A 101 answer handing `client` to the runtime (Workers' ResponseInit takes a `webSocket`). */
export function upgradeResponse(client: unknown): Response {
  return new Response(null, { status: 101, webSocket: client } as ResponseInit);
}
