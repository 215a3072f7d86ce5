import type { RoomStateStore } from '../../core/room-state.ts';
import type { SessionSnapshot } from '../../core/session.ts';
import type { HibernatableWebSocket, SqlStorage } from './workers.ts';

/** The room's state store in the object's SQLite: one table of keys and JSON values. */
export function sqlStateStore(sql: SqlStorage): RoomStateStore {
  sql.exec('CREATE TABLE IF NOT EXISTS room_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  return {
    get: (key) => sql.exec<{ value: string }>('SELECT value FROM room_state WHERE key = ?', key).toArray()[0]?.value,
    // REPLACE deletes and inserts, so the rowid order is the order of last writes.
    put: (key, value) => void sql.exec('INSERT OR REPLACE INTO room_state (key, value) VALUES (?, ?)', key, value),
    delete: (key) => void sql.exec('DELETE FROM room_state WHERE key = ?', key),
    list: (prefix) =>
      sql
        .exec<{ key: string; value: string }>(
          'SELECT key, value FROM room_state WHERE substr(key, 1, length(?1)) = ?1 ORDER BY rowid',
          prefix,
        )
        .toArray()
        .map((row) => [row.key, row.value]),
  };
}

/** The hard cap on a socket attachment's serialized size. */
export const ATTACHMENT_LIMIT = 16_384;

/**
 * Session snapshots kept with their sockets. A snapshot goes into the socket's attachment as JSON
 * when it fits under the 16 KB cap with room to spare; a larger one (a user who blocks hundreds of
 * names) goes into the object's SQLite, and the attachment says where.
 */
export class SessionAttachments {
  /** Ids of the sessions whose snapshot is in the table. */
  private readonly spilled = new Set<number>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS room_sessions (id INTEGER PRIMARY KEY, snapshot TEXT NOT NULL)');
    for (const row of sql.exec<{ id: number }>('SELECT id FROM room_sessions').toArray()) this.spilled.add(row.id);
  }

  write(ws: HibernatableWebSocket, snapshot: SessionSnapshot): void {
    const json = JSON.stringify(snapshot);
    if (fitsAttachment(json)) {
      ws.serializeAttachment(json);
      this.forget(snapshot.id);
    } else {
      this.sql.exec('INSERT OR REPLACE INTO room_sessions (id, snapshot) VALUES (?, ?)', snapshot.id, json);
      this.spilled.add(snapshot.id);
      ws.serializeAttachment(JSON.stringify({ spilled: snapshot.id }));
    }
  }

  /** The snapshot kept with `ws`, or undefined for a socket whose session never got one. */
  read(ws: HibernatableWebSocket): SessionSnapshot | undefined {
    const attachment = ws.deserializeAttachment();
    if (typeof attachment !== 'string') return undefined;
    const value = JSON.parse(attachment) as SessionSnapshot | { spilled: number };
    if (!('spilled' in value)) return value;
    const [row] = this.sql.exec<{ snapshot: string }>('SELECT snapshot FROM room_sessions WHERE id = ?', value.spilled).toArray();
    return row ? (JSON.parse(row.snapshot) as SessionSnapshot) : undefined;
  }

  /** Drop a closed session's spilled snapshot. */
  forget(id: number): void {
    if (this.spilled.delete(id)) this.sql.exec('DELETE FROM room_sessions WHERE id = ?', id);
  }

  /** Drop spilled snapshots of sessions whose sockets are gone (closed while the object was away). */
  keepOnly(ids: ReadonlySet<number>): void {
    for (const id of [...this.spilled]) if (!ids.has(id)) this.forget(id);
  }
}

/**
 * Whether JSON text stays under the cap once structured-cloned: V8 writes a Latin-1 string at one
 * byte a character and any other at two, plus a few bytes of header.
 */
function fitsAttachment(json: string): boolean {
  const bytesPerChar = /[\u0100-\uffff]/.test(json) ? 2 : 1;
  return json.length * bytesPerChar <= ATTACHMENT_LIMIT - 256;
}
