import type { Logger, Timers } from '../../core/ports.ts';
import type { DurableObjectStorage } from './workers.ts';

interface Task {
  fn: () => unknown;
  ms: number;
}

/**
 * Timers for a room in a Durable Object. A pending setInterval would keep the object awake, so
 * intervals are named tasks with their due times in the object's SQLite, run from its one alarm
 * (an alarm lets the object hibernate and wakes it when due). When the object is rebuilt, each
 * task finds its stored due time again by name, so a wake never postpones it. Short timeouts
 * (who-list coalescing, a shutdown's grace period) stay ordinary timers: they end within a second.
 */
export class AlarmTimers implements Timers {
  private readonly tasks = new Map<string, Task>();

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    storage.sql.exec('CREATE TABLE IF NOT EXISTS room_timers (name TEXT PRIMARY KEY, due INTEGER NOT NULL)');
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  }

  setInterval(fn: () => unknown, ms: number, name: string): () => void {
    if (this.tasks.has(name)) throw new Error(`an interval task named ${name} is already running`);
    const task: Task = { fn, ms };
    this.tasks.set(name, task);
    this.storage.sql.exec('INSERT OR IGNORE INTO room_timers (name, due) VALUES (?, ?)', name, this.now() + ms);
    this.arm();
    return () => {
      if (this.tasks.get(name) !== task) return;
      this.tasks.delete(name);
      this.storage.sql.exec('DELETE FROM room_timers WHERE name = ?', name);
      this.arm();
    };
  }

  /** Whether a task of this name has a stored due time (it ran before this instance was built). */
  scheduled(name: string): boolean {
    return this.storage.sql.exec('SELECT 1 AS found FROM room_timers WHERE name = ?', name).toArray().length > 0;
  }

  /** The object's alarm handler: run every task that is due, each once, then arm for the next. */
  async run(): Promise<void> {
    const now = this.now();
    const due = this.storage.sql.exec<{ name: string }>('SELECT name FROM room_timers WHERE due <= ?', now).toArray();
    for (const { name } of due) {
      const task = this.tasks.get(name);
      if (!task) {
        // Nobody registered it again after a restart: its owner is gone.
        this.storage.sql.exec('DELETE FROM room_timers WHERE name = ?', name);
        continue;
      }
      this.storage.sql.exec('UPDATE room_timers SET due = ? WHERE name = ?', now + task.ms, name);
      try {
        await task.fn();
      } catch (err) {
        this.logger.error(`timer task ${name} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
    this.arm();
  }

  /** Point the alarm at the earliest due task, or clear it. */
  private arm(): void {
    const [next] = this.storage.sql.exec<{ due: number | null }>('SELECT min(due) AS due FROM room_timers').toArray();
    if (next?.due == null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(next.due);
  }
}
